#!/usr/bin/env python3
"""Difference of two `jcmd PID GC.class_histogram` outputs, per viewer.

usage: histogram-diff.py BEFORE AFTER VIEWERS [TOP]
Prints the total growth of live heap bytes per viewer and the classes that grew most.
"""
import re
import sys

LINE = re.compile(r"^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)")


def read(path):
    classes = {}
    with open(path) as f:
        for line in f:
            m = LINE.match(line)
            if m:
                classes[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return classes


def main():
    before, after = read(sys.argv[1]), read(sys.argv[2])
    viewers = int(sys.argv[3])
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 30
    rows = []
    for name in set(before) | set(after):
        n0, b0 = before.get(name, (0, 0))
        n1, b1 = after.get(name, (0, 0))
        rows.append((b1 - b0, n1 - n0, name))
    total = sum(r[0] for r in rows)
    print(f"live viewers: {viewers}")
    print(f"heap growth: {total} bytes = {total / viewers:.0f} bytes per viewer")
    print(f"{'bytes/viewer':>12} {'objects/viewer':>14}  class")
    for delta, count, name in sorted(rows, reverse=True)[:top]:
        print(f"{delta / viewers:12.0f} {count / viewers:14.2f}  {name}")


if __name__ == "__main__":
    main()
