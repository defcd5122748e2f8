"""Starting and stopping the servers the bench scripts compare (Osprey's jar, Ant Media Server CE) on
127.0.0.1:5080 (RTMP 1935), and reading their CPU. Used by bench/rtmp-cpu.sh and bench/hls-serve.sh.
Environment: JAVA_HOME, OSPREY_JAR, OSPREY_JAVA_OPTS, AMS_HOME (see bench/rtmp-cpu.sh)."""
import json, os, re, signal, subprocess, sys, time, urllib.error, urllib.request

env = os.environ
tck = os.sysconf("SC_CLK_TCK")
HTTP, RTMP = 5080, 1935

def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tck


def get_json(path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{HTTP}{path}", timeout=5) as r:
            return json.loads(r.read())
    except Exception as e:
        return {"error": str(e)}


def post_json(path, body):
    request = urllib.request.Request(f"http://127.0.0.1:{HTTP}{path}", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10) as r:
        return json.loads(r.read())


def wait_for(check, seconds, what, proc, log):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            break
        if check():
            return
        time.sleep(0.2)
    print(open(log).read()[-4000:], file=sys.stderr)
    sys.exit(f"{what} (server exit {proc.poll()})")


def start_osprey(work, hls_mode=""):
    java = os.path.join(env["JAVA_HOME"], "bin", "java")
    cmd = [java] + env["OSPREY_JAVA_OPTS"].split() + ["-jar", env["OSPREY_JAR"], "--server.host=127.0.0.1",
           f"--server.httpPort={HTTP}", "--server.httpsPort=0", "--media.udpPort=0", f"--rtmp.port={RTMP}",
           f"--store.dir={work}/store"]
    log = f"{work}/server.log"
    proc = subprocess.Popen(cmd, stdout=open(log, "w"), stderr=subprocess.STDOUT)
    wait_for(lambda: "Osprey started" in open(log).read(), 60, "Osprey did not start", proc, log)
    if hls_mode:
        set_osprey_hls(open(log).read(), hls_mode)
    return proc, log, " ".join(cmd[:1] + ["<launcher options>"] + cmd[-8:])


def set_osprey_hls(log_text, hls_mode):
    """HLS off, or on with MPEG-TS or fMP4 segments: application settings as the console admin."""
    account = re.search(r'Console admin account created: email "([^"]+)", password "([^"]+)"', log_text)
    login = urllib.request.Request(f"http://127.0.0.1:{HTTP}/rest/v2/users/authenticate", method="POST",
                                   data=json.dumps({"email": account[1], "password": account[2]}).encode(),
                                   headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(login, timeout=10) as r:
        cookie = r.headers["Set-Cookie"].split(";")[0]
    settings = {"hlsMuxingEnabled": hls_mode != "off", "hlsSegmentType": "fmp4" if hls_mode == "fmp4" else "mpegts"}
    request = urllib.request.Request(f"http://127.0.0.1:{HTTP}/rest/v2/applications/settings/LiveApp", method="POST",
                                     data=json.dumps(settings).encode(),
                                     headers={"Content-Type": "application/json", "Cookie": cookie})
    with urllib.request.urlopen(request, timeout=10) as r:
        if not json.loads(r.read()).get("success"):
            sys.exit("Osprey refused the HLS settings")


def set_ams_hls(home, hls_mode):
    """HLS off or on (TS): the LiveApp's settings file, read at start."""
    props = os.path.join(home, "webapps", "LiveApp", "WEB-INF", "red5-web.properties")
    text = open(props).read()
    lines = [l for l in text.splitlines() if not l.startswith("settings.hlsMuxingEnabled=")]
    open(props, "w").write("\n".join(lines + [f"settings.hlsMuxingEnabled={'false' if hls_mode == 'off' else 'true'}"]) + "\n")


def start_ams(work, hls_mode=""):
    home = env["AMS_HOME"]
    if hls_mode:
        set_ams_hls(home, hls_mode)
    props = os.path.join(home, "conf", "red5.properties")
    text = open(props).read()
    for key, value in (("http.host", "127.0.0.1"), ("rtmp.host", "127.0.0.1"), ("policy.host", "127.0.0.1"),
                       ("server.heartbeatEnabled", "false"), ("http.port", str(HTTP)), ("rtmp.port", str(RTMP)),
                       # It refuses a publish while the machine's CPU is above 75 % (its start-up alone is; other jobs here can be).
                       ("server.cpu_limit", "1000")):
        lines = [l for l in text.splitlines() if not l.startswith(key + "=")]
        text = "\n".join(lines + [f"{key}={value}"]) + "\n"
    open(props, "w").write(text)
    os.makedirs(os.path.join(home, "log"), exist_ok=True)
    # HLS files a stopped run left behind would pass the playlist check below.
    streams = os.path.join(home, "webapps", "LiveApp", "streams")
    for name in os.listdir(streams) if os.path.isdir(streams) else []:
        if name.startswith("rtmpbench"):
            os.remove(os.path.join(streams, name))
    # start.sh's own command line (JVM_OPTS defaults, -Xms1g, G1), without its /var/log/antmedia set-up.
    native = os.path.join(home, "lib", "native-linux-x86_64")
    jvm = ("-Djava.security.debug=failure -Djava.security.egd=file:/dev/./urandom -Xms1g -Djava.io.tmpdir=/tmp "
           f"-XX:ErrorFile={home}/log/hs_err.log -Djava.awt.headless=true -Xverify:none "
           "-XX:+HeapDumpOnOutOfMemoryError -XX:+TieredCompilation -XX:+UseBiasedLocking "
           "-XX:InitialCodeCacheSize=8m -XX:ReservedCodeCacheSize=32m -Dorg.terracotta.quartz.skipUpdateCheck=true "
           "-XX:MaxMetaspaceSize=128m -XX:+UseG1GC -XX:MaxGCPauseMillis=100 -XX:ParallelGCThreads=10 "
           "-XX:ConcGCThreads=5 -Djava.system.class.loader=org.red5.server.classloading.ServerClassLoader "
           f"-Xshare:off -Dcatalina.home={home} -Dcatalina.useNaming=true -Djava.net.preferIPv4Stack=true "
           f"-Djava.library.path={native}:{home}/lib/native -Dpython.home=lib").split()
    cmd = ["java", f"-Dred5.root={home}"] + jvm + ["-cp", f"{home}/ant-media-server-service.jar:{home}/conf",
           "org.red5.server.Bootstrap", "9999"]
    log = f"{work}/server.log"
    proc = subprocess.Popen(cmd, cwd=home, stdout=open(log, "w"), stderr=subprocess.STDOUT,
                            env=dict(env, RED5_HOME=home, LD_LIBRARY_PATH=native))
    wait_for(lambda: "error" not in get_json("/LiveApp/rest/v2/broadcasts/list/0/1"), 180,
             "Ant Media did not answer its REST API", proc, log)
    return proc, log, f"java <start.sh options> -cp ant-media-server-service.jar:conf org.red5.server.Bootstrap (AMS_HOME={home})"


def stop(proc, seconds=30):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
