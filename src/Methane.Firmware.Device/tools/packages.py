#!/usr/bin/env python3
"""The single table of nanoFramework packages used by the device projects, and a generator for the <Reference> items and
packages.config files that must agree with it (a mismatch between the two is the commonest .nfproj build break).

Versions: the set published together in nanoframework/Samples commit 02306ced2f9c3982ee8cedc3bbf688bdba5aa7db
(samples/AzureSDK/AzureEdgeOta/AzureEdgeOTAEngine/AzureEdgeOTAEngine.nfproj and
samples/AzureSDK/AzureSDKSleepBMP280/packages.config), all built against nanoFramework.CoreLibrary 1.17.11, plus
System.Device.Gpio 1.1.57 and System.IO.Ports 1.1.132, whose sources at those tags are built on the same set (see
API-SOURCES.md). nanoCLR binds a reference on major.minor, so every package must be built on CoreLibrary 1.17.x.

Each project lists the assemblies its code uses (<Reference>); its packages.config adds the packages those depend on
(DEPENDS). The loader is the deployment unit: nanoff writes the loader's references to flash, and the application it
loads from I:\app at run time can only bind to assemblies already there, so the loader references what it uses itself
plus everything the application needs at run time (APP_RUNTIME), and nothing else.

Usage: python3 tools/packages.py            rewrite the <!-- PACKAGES --> blocks and packages.config files
       python3 tools/packages.py --check    exit 1 if anything is stale
"""
import os
import re
import sys

# package id, version, [(assembly name, assembly version, path inside the package)]
PACKAGES = {
    "core": ("nanoFramework.CoreLibrary", "1.17.11", [("mscorlib", "1.17.11.0", r"lib\mscorlib.dll")]),
    "esp32": ("nanoFramework.Hardware.Esp32", "1.6.37", [("nanoFramework.Hardware.Esp32", "1.6.37.0", r"lib\nanoFramework.Hardware.Esp32.dll")]),
    "json": ("nanoFramework.Json", "2.2.210", [("nanoFramework.Json", "2.2.210.0", r"lib\nanoFramework.Json.dll")]),
    "m2mqtt": ("nanoFramework.M2Mqtt", "5.1.215", [
        ("nanoFramework.M2Mqtt", "5.1.215.0", r"lib\nanoFramework.M2Mqtt.dll"),
        ("nanoFramework.M2Mqtt.Core", "5.1.215.0", r"lib\nanoFramework.M2Mqtt.Core.dll")]),
    "m2mqttcore": ("nanoFramework.M2Mqtt.Core", "5.1.215", []),
    "sntp": ("nanoFramework.Networking.Sntp", "1.6.42", [("nanoFramework.Networking.Sntp", "1.6.42.0", r"lib\nanoFramework.Networking.Sntp.dll")]),
    "events": ("nanoFramework.Runtime.Events", "1.11.32", [("nanoFramework.Runtime.Events", "1.11.32.0", r"lib\nanoFramework.Runtime.Events.dll")]),
    "native": ("nanoFramework.Runtime.Native", "1.7.11", [("nanoFramework.Runtime.Native", "1.7.11.0", r"lib\nanoFramework.Runtime.Native.dll")]),
    "collections": ("nanoFramework.System.Collections", "1.5.67", [("nanoFramework.System.Collections", "1.5.67.0", r"lib\nanoFramework.System.Collections.dll")]),
    "text": ("nanoFramework.System.Text", "1.3.42", [("nanoFramework.System.Text", "1.3.42.0", r"lib\nanoFramework.System.Text.dll")]),
    "i2c": ("nanoFramework.System.Device.I2c", "1.1.29", [("System.Device.I2c", "1.1.29.0", r"lib\System.Device.I2c.dll")]),
    "wifi": ("nanoFramework.System.Device.Wifi", "1.5.144", [("System.Device.Wifi", "1.5.144.0", r"lib\System.Device.Wifi.dll")]),
    "fs": ("nanoFramework.System.IO.FileSystem", "1.1.87", [("System.IO.FileSystem", "1.1.87.0", r"lib\System.IO.FileSystem.dll")]),
    "streams": ("nanoFramework.System.IO.Streams", "1.1.96", [("System.IO.Streams", "1.1.96.0", r"lib\System.IO.Streams.dll")]),
    "net": ("nanoFramework.System.Net", "1.11.52", [("System.Net", "1.11.52.0", r"lib\System.Net.dll")]),
    "http": ("nanoFramework.System.Net.Http.Client", "1.5.207", [("System.Net.Http", "1.5.207.0", r"lib\System.Net.Http.dll")]),
    "threading": ("nanoFramework.System.Threading", "1.1.52", [("System.Threading", "1.1.52.34401", r"lib\System.Threading.dll")]),
    "gpio": ("nanoFramework.System.Device.Gpio", "1.1.57", [("System.Device.Gpio", "1.1.57.0", r"lib\System.Device.Gpio.dll")]),
    # 1.1.84 was built on CoreLibrary 1.15 / Text 1.2: nanoCLR refuses to bind it next to CoreLibrary 1.17.11.
    "ports": ("nanoFramework.System.IO.Ports", "1.1.132", [("System.IO.Ports", "1.1.132.0", r"lib\System.IO.Ports.dll")]),
    # UNCONFIRMED assembly versions (referenced by simple name):
    "testfw": ("nanoFramework.TestFramework", "3.0.80", [
        ("nanoFramework.TestFramework", None, r"lib\nanoFramework.TestFramework.dll"),
        ("nanoFramework.UnitTestLauncher", None, r"lib\nanoFramework.UnitTestLauncher.exe")]),
}

# package -> packages it depends on (the packages.config of each library's sources at the pinned tag)
DEPENDS = {
    "core": [], "events": ["core"], "native": ["core"], "text": ["core"], "collections": ["core"], "threading": ["core"],
    "i2c": ["core"], "sntp": ["core"], "m2mqttcore": ["core"],
    "streams": ["core", "text"],
    "fs": ["core", "events", "streams", "text"],
    "ports": ["core", "events", "streams", "text"],
    "gpio": ["core", "events"],
    "esp32": ["core", "events"],
    "net": ["core", "events", "streams", "text", "threading"],
    "wifi": ["core", "events", "streams", "net", "text", "threading"],
    "http": ["core", "events", "collections", "streams", "net", "text", "threading"],
    "m2mqtt": ["core", "events", "native", "collections", "streams", "net", "text", "threading", "m2mqttcore"],
    "json": ["core", "collections", "streams", "text"],
    "testfw": ["core"],
}


def closure(keys):
    out, todo = [], list(keys)
    while todo:
        k = todo.pop(0)
        if k not in out:
            out.append(k)
            todo += DEPENDS[k]
    return out


# what the code of each project uses (the assembly references the compiler keeps)
BOOT_USES = ["core", "fs", "streams"]
LOADER_USES = ["core", "esp32", "native", "fs", "streams", "ports", "gpio", "text"]
APP_USES = ["core", "esp32", "m2mqtt", "sntp", "native", "text", "i2c", "wifi", "fs", "streams", "net", "http",
            "threading", "gpio", "ports"]
APP_RUNTIME = closure(APP_USES)

# project file (relative to the device folder), packages folder relative to that project, package keys
PROJECTS = [
    ("Methane.Firmware.Device.nfproj", "packages", closure(LOADER_USES + APP_RUNTIME)),
    (os.path.join("Boot", "Methane.Firmware.Device.Boot.nfproj"), r"..\packages", ["core", "events", "streams", "text", "fs"]),
    (os.path.join("Core", "Methane.Firmware.Device.Core.nfproj"), r"..\packages", ["core"]),
    (os.path.join("App", "Methane.Firmware.Device.App.nfproj"), r"..\packages", APP_USES),
    (os.path.join("..", "..", "tests", "Methane.Firmware.Device.Tests", "Methane.Firmware.Device.Tests.nfproj"),
     r"..\..\src\Methane.Firmware.Device\packages", ["core", "events", "streams", "text", "testfw"]),
]

HERE = os.path.dirname(os.path.abspath(__file__))
DEVICE = os.path.dirname(HERE)
BEGIN, END = "<!-- PACKAGES:BEGIN (generated by tools/packages.py) -->", "<!-- PACKAGES:END -->"


def references(pkg_dir, keys):
    out = ["  <ItemGroup>"]
    for k in keys:
        pid, ver, assemblies = PACKAGES[k]
        for name, aver, path in assemblies:
            if aver is None:
                # assembly version not confirmed: reference by simple name so the HintPath decides
                out.append('    <Reference Include="%s">' % name)
            else:
                out.append('    <Reference Include="%s, Version=%s, Culture=neutral, PublicKeyToken=c07d481e9758c731">' % (name, aver))
            out.append('      <HintPath>%s\\%s.%s\\%s</HintPath>' % (pkg_dir, pid, ver, path))
            out.append('      <Private>True</Private>')
            out.append('    </Reference>')
    out.append("  </ItemGroup>")
    return "\n".join(out)


def packages_config(keys):
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<packages>"]
    for k in sorted(keys, key=lambda key: PACKAGES[key][0].lower()):
        pid, ver, _ = PACKAGES[k]
        dev = ' developmentDependency="true"' if k == "testfw" else ""
        out.append('  <package id="%s" version="%s" targetFramework="netnano1.0"%s />' % (pid, ver, dev))
    out.append("</packages>")
    return "\n".join(out) + "\n"


def main(check):
    stale = []
    for proj, pkg_dir, keys in PROJECTS:
        path = os.path.normpath(os.path.join(DEVICE, proj))
        text = open(path, encoding="utf-8").read()
        block = BEGIN + "\n" + references(pkg_dir, keys) + "\n  " + END
        new = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda m: block, text, flags=re.S)
        if BEGIN not in text:
            raise SystemExit("%s has no %s marker" % (path, BEGIN))
        cfg_path = os.path.join(os.path.dirname(path), "packages.config")
        cfg = packages_config(closure(keys))
        old_cfg = open(cfg_path, encoding="utf-8").read() if os.path.exists(cfg_path) else ""
        if new != text or cfg != old_cfg:
            stale.append(path)
            if not check:
                open(path, "w", encoding="utf-8", newline="\n").write(new)
                open(cfg_path, "w", encoding="utf-8", newline="\n").write(cfg)
    if check and stale:
        print("stale: " + ", ".join(stale) + " (run python3 src/Methane.Firmware.Device/tools/packages.py)")
        sys.exit(1)
    if not check:
        print("updated %d project(s)" % len(stale))


if __name__ == "__main__":
    main(len(sys.argv) > 1 and sys.argv[1] == "--check")
