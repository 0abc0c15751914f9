#!/usr/bin/env python3
# check-flatpak.py: the Flatpak manifest builds Tend as intended, with the
# sandbox holes Tend needs and no others.
#
# Usage: check-flatpak.py MANIFEST APP_ID PROFILE
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import sys

RUNTIME = 'org.gnome.Platform'
SDK = 'org.gnome.Sdk'
RUNTIME_VERSION = '49'

# Network for the helpdesk, a display, GPU. Secrets go through the Secret
# portal (libsecret does that by itself in a sandbox) and files through the
# file chooser portal, so no filesystem or keyring access.
FINISH_ARGS = {
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
}


def main():
    if len(sys.argv) != 4:
        print('usage: check-flatpak.py MANIFEST APP_ID PROFILE', file=sys.stderr)
        return 2
    path, app_id, profile = sys.argv[1:]
    failures = []

    def expect(condition, message):
        if not condition:
            failures.append(message)

    with open(path, encoding='utf-8') as f:
        try:
            manifest = json.load(f)
        except json.JSONDecodeError as e:
            print(f'{path}: not valid JSON: {e}')
            return 1

    manifest_id = manifest.get('id', manifest.get('app-id'))
    expect(manifest_id == app_id, f'id is {manifest_id!r}, expected {app_id!r}')
    expect(os.path.basename(path) == app_id + '.json',
           f'the file is named {os.path.basename(path)!r}, expected {app_id}.json')
    expect(manifest.get('command') == 'tend', f'command is {manifest.get("command")!r}, expected "tend"')
    expect(manifest.get('runtime') == RUNTIME, f'runtime is {manifest.get("runtime")!r}')
    expect(manifest.get('sdk') == SDK, f'sdk is {manifest.get("sdk")!r}')
    expect(manifest.get('runtime-version') == RUNTIME_VERSION,
           f'runtime-version is {manifest.get("runtime-version")!r}, expected {RUNTIME_VERSION!r}')

    finish_args = manifest.get('finish-args', [])
    expect(len(finish_args) == len(set(finish_args)), 'finish-args repeats an entry')
    expect(set(finish_args) == FINISH_ARGS,
           'finish-args differ: extra {}, missing {}'.format(
               sorted(set(finish_args) - FINISH_ARGS), sorted(FINISH_ARGS - set(finish_args))))
    for arg in finish_args:
        expect(not arg.startswith('--filesystem='), f'finish-args opens the file system: {arg}')
        expect('org.freedesktop.secrets' not in arg,
               f'finish-args talks to the secret service directly: {arg} (the Secret portal is used)')

    modules = manifest.get('modules', [])
    expect(len(modules) > 0 and isinstance(modules[-1], dict), 'no application module')
    if modules and isinstance(modules[-1], dict):
        app = modules[-1]
        expect(app.get('name') == 'tend', f'the last module is {app.get("name")!r}, expected "tend"')
        expect(app.get('buildsystem') == 'meson', f'buildsystem is {app.get("buildsystem")!r}')
        opts = app.get('config-opts', [])
        expect(f'-Dprofile={profile}' in opts, f'config-opts {opts} lack -Dprofile={profile}')
        other_profiles = [o for o in opts if o.startswith('-Dprofile=') and o != f'-Dprofile={profile}']
        expect(not other_profiles, f'config-opts set another profile too: {other_profiles}')
        sources = app.get('sources', [])
        dirs = [s for s in sources if isinstance(s, dict) and s.get('type') == 'dir']
        expect(len(dirs) == 1, 'the tend module should build from one local dir source')
        if dirs:
            root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)), dirs[0].get('path', '')))
            meson_build = os.path.join(root, 'meson.build')
            ok = False
            if os.path.isfile(meson_build):
                with open(meson_build, encoding='utf-8') as f:
                    ok = "project('tend'" in f.read()
            expect(ok, f'the dir source {dirs[0].get("path")!r} is not the Tend source tree ({root})')

    for failure in failures:
        print(f'{path}: {failure}')
    if failures:
        return 1
    print(f'{path}: {app_id}, profile {profile}: all good')
    return 0


if __name__ == '__main__':
    sys.exit(main())
