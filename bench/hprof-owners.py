#!/usr/bin/env python3
"""Who holds the heap: reads an HPROF dump (`jcmd PID GC.heap_dump FILE`), builds a spanning tree of the
live objects by breadth-first search from the GC roots, and charges every object's shallow size to its
nearest ancestor whose class name starts with a prefix (default `dev.osprey.`), together with the path of
classes in between.

usage: hprof-owners.py DUMP [--base DUMP] [--viewers N] [--prefix P] [--top N]
With --base, the charges of a dump taken before the viewers came are subtracted; sums are divided by N.
Sizes assume compressed oops and class pointers (heaps under 32 GB): 12-byte object header,
16-byte array header, 4-byte references, 8-byte alignment.
"""
import argparse
import collections
import mmap
import struct
import sys

PRIM_SIZES = {4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
PRIM_NAMES = {4: "boolean[]", 5: "char[]", 6: "float[]", 7: "double[]", 8: "byte[]", 9: "short[]",
              10: "int[]", 11: "long[]"}


def align(n):
    return (n + 7) & ~7


class Dump:
    def __init__(self, path):
        f = open(path, "rb")
        self.m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        end = self.m.find(b"\0")
        self.idsize = struct.unpack_from(">I", self.m, end + 1)[0]
        self.idfmt = ">Q" if self.idsize == 8 else ">I"
        self.pos = end + 1 + 4 + 8
        self.strings = {}
        self.class_names = {}   # class object id -> name
        self.class_super = {}
        self.class_fields = {}  # class id -> [(name id, type)]
        self.class_refs = {}    # class id -> offsets of reference fields in an instance, whole hierarchy
        self.obj_class = {}     # object id -> class name (interned)
        self.obj_size = {}
        self.edges = {}         # object id -> tuple of referenced ids
        self.roots = []
        self.pending_instances = []

    def rid(self, off):
        return struct.unpack_from(self.idfmt, self.m, off)[0]

    def parse(self):
        m, n = self.m, len(self.m)
        pos = self.pos
        while pos < n:
            tag = m[pos]
            length = struct.unpack_from(">I", m, pos + 5)[0]
            body = pos + 9
            if tag == 0x01:
                self.strings[self.rid(body)] = m[body + self.idsize:body + length].decode("utf-8", "replace")
            elif tag == 0x02:
                cid = self.rid(body + 4)
                name_id = self.rid(body + 8 + self.idsize)
                self.class_names[cid] = self.strings.get(name_id, "?").replace("/", ".")
            elif tag in (0x0C, 0x1C):
                self.parse_heap(body, body + length)
            pos = body + length
        for oid, cid, start, size in self.pending_instances:
            self.instance(oid, cid, start, size)
        self.pending_instances = None

    def parse_heap(self, pos, end):
        m, ids = self.m, self.idsize
        root_skip = {0xFF: ids, 0x01: 2 * ids, 0x02: ids + 8, 0x03: ids + 8, 0x04: ids + 4, 0x05: ids,
                     0x06: ids + 4, 0x07: ids, 0x08: ids + 8}
        while pos < end:
            sub = m[pos]
            pos += 1
            if sub in root_skip:
                self.roots.append(self.rid(pos))
                pos += root_skip[sub]
            elif sub == 0x20:
                cid = self.rid(pos)
                self.class_super[cid] = self.rid(pos + 4 + ids)
                pos += 4 + 7 * ids + 4
                cp = struct.unpack_from(">H", m, pos)[0]
                pos += 2
                for _ in range(cp):
                    t = m[pos + 2]
                    pos += 3 + (ids if t == 2 else PRIM_SIZES[t])
                statics = struct.unpack_from(">H", m, pos)[0]
                pos += 2
                refs = []
                for _ in range(statics):
                    t = m[pos + ids]
                    if t == 2:
                        refs.append(self.rid(pos + ids + 1))
                    pos += ids + 1 + (ids if t == 2 else PRIM_SIZES[t])
                count = struct.unpack_from(">H", m, pos)[0]
                pos += 2
                fields = []
                for _ in range(count):
                    fields.append((self.rid(pos), m[pos + ids]))
                    pos += ids + 1
                self.class_fields[cid] = fields
                self.obj_class[cid] = "class"
                self.obj_size[cid] = 0
                self.edges[cid] = tuple(r for r in refs if r)
            elif sub == 0x21:
                oid = self.rid(pos)
                cid = self.rid(pos + 4 + ids)
                size = struct.unpack_from(">I", m, pos + 4 + 2 * ids)[0]
                start = pos + 8 + 2 * ids
                self.pending_instances.append((oid, cid, start, size))
                pos = start + size
            elif sub == 0x22:
                oid = self.rid(pos)
                count = struct.unpack_from(">I", m, pos + 4 + ids)[0]
                acid = self.rid(pos + 8 + ids)
                start = pos + 8 + 2 * ids
                fmt = ">%d%s" % (count, "Q" if ids == 8 else "I")
                self.edges[oid] = tuple(r for r in struct.unpack_from(fmt, m, start) if r)
                self.obj_class[oid] = self.class_names.get(acid, "?[]")
                self.obj_size[oid] = align(16 + 4 * count)
                pos = start + count * ids
            elif sub == 0x23:
                oid = self.rid(pos)
                count = struct.unpack_from(">I", m, pos + 4 + ids)[0]
                t = m[pos + 8 + ids]
                self.obj_class[oid] = PRIM_NAMES[t]
                self.obj_size[oid] = align(16 + PRIM_SIZES[t] * count)
                pos += 9 + ids + PRIM_SIZES[t] * count
            else:
                raise ValueError("unknown heap sub-record 0x%02x at %d" % (sub, pos))

    def ref_offsets(self, cid):
        cached = self.class_refs.get(cid)
        if cached is not None:
            return cached
        offsets, off, c = [], 0, cid
        while c:
            for _, t in self.class_fields.get(c, ()):
                if t == 2:
                    offsets.append(off)
                    off += self.idsize
                else:
                    off += PRIM_SIZES[t]
            c = self.class_super.get(c, 0)
        self.class_refs[cid] = (offsets, off)
        return self.class_refs[cid]

    def instance(self, oid, cid, start, size):
        offsets, _ = self.ref_offsets(cid)
        refs = tuple(r for r in (self.rid(start + o) for o in offsets) if r)
        self.edges[oid] = refs
        self.obj_class[oid] = sys.intern(self.class_names.get(cid, "?"))
        # References take 4 bytes with compressed oops, not the dump's 8.
        self.obj_size[oid] = align(12 + size - len(offsets) * (self.idsize - 4))


def charge(path, prefix):
    """Bytes and objects per 'owner > path : class' key for one dump."""
    d = Dump(path)
    d.parse()
    parent = {}
    queue = collections.deque()
    for r in d.roots:
        if r in d.obj_class and r not in parent:
            parent[r] = 0
            queue.append(r)
    while queue:
        o = queue.popleft()
        for r in d.edges.get(o, ()):
            if r not in parent and r in d.obj_class:
                parent[r] = o
                queue.append(r)
    sizes, counts = collections.Counter(), collections.Counter()
    for o, p in parent.items():
        size = d.obj_size[o]
        if size == 0:
            continue
        above = []  # the nearest classes above the object, up to its owner
        owner = "(no owner)"
        while p:
            name = d.obj_class[p]
            if name.startswith(prefix):
                owner = name
                break
            if len(above) < 3 and (not above or name != above[-1]):
                above.append(name)
            p = parent[p]
        key = " > ".join([owner] + list(reversed(above))) + " : " + d.obj_class[o]
        sizes[key] += size
        counts[key] += 1
    return sizes, counts


def main():
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("dump")
    args.add_argument("--base", help="a dump taken before the viewers came, subtracted")
    args.add_argument("--viewers", type=int, default=1)
    args.add_argument("--prefix", default="dev.osprey.")
    args.add_argument("--top", type=int, default=40)
    a = args.parse_args()
    sizes, counts = charge(a.dump, a.prefix)
    if a.base:
        base_sizes, base_counts = charge(a.base, a.prefix)
        sizes.subtract(base_sizes)
        counts.subtract(base_counts)
    n = a.viewers
    print(f"heap: {sum(sizes.values())} bytes, {sum(sizes.values()) / n:.0f} per viewer")
    print(f"{'bytes/viewer':>12} {'objs/viewer':>11}  owner > nearest holders : class")
    for key, size in sizes.most_common(a.top):
        print(f"{size / n:12.0f} {counts[key] / n:11.2f}  {key}")
    by_owner = collections.Counter()
    for key, size in sizes.items():
        by_owner[key.split(" > ")[0].split(" : ")[0]] += size
    print()
    print(f"{'bytes/viewer':>12}  owner (its objects down to the next dev.osprey object)")
    for owner, size in by_owner.most_common(a.top):
        print(f"{size / n:12.0f}  {owner}")


if __name__ == "__main__":
    main()
