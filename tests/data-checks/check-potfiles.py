#!/usr/bin/env python3
# check-potfiles.py: keep po/POTFILES.in honest.
#
# Usage: check-potfiles.py SOURCE_ROOT XGETTEXT
#
# 1. Every file listed exists.
# 2. xgettext, run over the list the way meson's `tend-pot` target runs it
#    (i18n.gettext preset 'glib'), prints no warning: a warning there is a
#    string translators get wrong or never see.
# 3. Every listed file gives the template at least one string (a stale entry
#    hides a file that lost its strings, or a typo).
# 4. Every .c and .ui file under src/ that marks a string for translation is
#    listed, so no string silently stays English.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys
import tempfile

# meson's i18n.gettext(preset: 'glib') arguments (mesonbuild/modules/i18n.py),
# plus the -k_ and --package-name its pot script adds.
GLIB_PRESET = [
    '--from-code=UTF-8',
    '--add-comments',
    '--keyword=_',
    '--keyword=N_',
    '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format',
    '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format',
    '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format',
    '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format',
    '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]

# A call of one of the gettext macros: the name must stand alone, so that
# g_autofree_(…) or FOO_(…) do not count.
C_MARKER = re.compile(r'(?<![A-Za-z0-9_])(_|N_|C_|NC_)\s*\(')
UI_MARKER = re.compile(r'translatable\s*=\s*"(yes|true|1)"')


def read_potfiles(path):
    entries = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                entries.append(line)
    return entries


def strip_c_comments_and_strings(text):
    # "_(" inside a comment or a string literal is not a call.
    pattern = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'',
                         re.DOTALL)
    return pattern.sub(lambda m: ' ' if m.group(0).startswith('/') else '""', text)


def marks_strings(path):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    if path.endswith('.ui'):
        return UI_MARKER.search(text) is not None
    return C_MARKER.search(strip_c_comments_and_strings(text)) is not None


def main():
    if len(sys.argv) != 3:
        print(__doc__ or 'usage: check-potfiles.py SOURCE_ROOT XGETTEXT', file=sys.stderr)
        return 2
    source_root, xgettext = sys.argv[1], sys.argv[2]
    potfiles_in = os.path.join(source_root, 'po', 'POTFILES.in')
    entries = read_potfiles(potfiles_in)
    failures = []

    # 1. Listed files exist.
    for entry in entries:
        if not os.path.isfile(os.path.join(source_root, entry)):
            failures.append(f'{entry}: listed in po/POTFILES.in but does not exist')
    if len(set(entries)) != len(entries):
        failures.append('po/POTFILES.in lists a file twice')

    # 2. xgettext runs without a warning.
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'tend.pot')
        cmd = [xgettext, '--package-name=tend', '-f', potfiles_in,
               '-D', source_root, '-k_', '-o', pot] + GLIB_PRESET
        result = subprocess.run(cmd, capture_output=True, text=True)
        output = (result.stdout + result.stderr).strip()
        if result.returncode != 0:
            failures.append(f'xgettext failed ({result.returncode}):\n{output}')
        elif output:
            failures.append(f'xgettext warned:\n{output}')
        pot_text = ''
        if os.path.exists(pot):
            with open(pot, encoding='utf-8') as f:
                pot_text = f.read()

    # 3. Every listed file contributes a string.
    referenced = set(re.findall(r'^#: (.*)$', pot_text, re.MULTILINE))
    referenced_files = set()
    for line in referenced:
        for ref in line.split():
            referenced_files.add(ref.rsplit(':', 1)[0])
    if pot_text:
        for entry in entries:
            if entry not in referenced_files:
                failures.append(f'{entry}: listed in po/POTFILES.in but has no translatable string')

    # 4. Every file under src/ with translatable strings is listed.
    listed = set(entries)
    for dirpath, dirnames, filenames in os.walk(os.path.join(source_root, 'src')):
        dirnames.sort()
        for name in sorted(filenames):
            if not (name.endswith('.c') or name.endswith('.ui')):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, source_root)
            if rel not in listed and marks_strings(path):
                failures.append(f'{rel}: has translatable strings but is missing from po/POTFILES.in')

    for failure in failures:
        print(failure)
    if failures:
        return 1
    print(f'po/POTFILES.in: {len(entries)} files, {pot_text.count("msgid ") - 1} strings, all good')
    return 0


if __name__ == '__main__':
    sys.exit(main())
