#!/usr/bin/env python3
# check-ui-labels.py SOURCE_ROOT
#
# Every button of the .ui files that shows only an icon must have an
# accessible label: a tooltip is read as a description, not as the name a
# screen reader announces. Buttons built in C are not covered here.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import pathlib
import sys
import xml.etree.ElementTree as ET

BUTTONS = {"GtkButton", "GtkMenuButton", "GtkToggleButton", "AdwSplitButton"}


def props(obj):
    return {p.get("name").replace("_", "-"): (p.text or "") for p in obj.findall("property")}


def has_text_child(obj):
    # A label (with text, or an id: its text is set by the code), or
    # AdwButtonContent with a label, inside the button.
    for child in obj.iter("object"):
        if child is obj:
            continue
        p = props(child)
        if child.get("class") == "GtkLabel" and (p.get("label", "").strip() or child.get("id")):
            return True
        if child.get("class") == "AdwButtonContent" and p.get("label", "").strip():
            return True
    return False


def has_accessible_label(obj):
    for acc in obj.findall("accessibility"):
        for p in acc.findall("property"):
            if p.get("name") == "label" and (p.text or "").strip():
                return True
        for r in acc.findall("relation"):
            if r.get("name") == "labelled-by":
                return True
    return False


def main():
    root = pathlib.Path(sys.argv[1])
    missing = []
    files = sorted((root / "src" / "ui").glob("*.ui"))
    for path in files:
        tree = ET.parse(path)
        for obj in tree.iter("object"):
            if obj.get("class") not in BUTTONS:
                continue
            p = props(obj)
            if p.get("label", "").strip() or has_text_child(obj):
                continue
            if "icon-name" not in p and not any(c.get("class") == "GtkImage" for c in obj.iter("object")):
                continue
            if not has_accessible_label(obj):
                missing.append(f"{path.relative_to(root)}: {obj.get('class')} "
                               f"{obj.get('id') or '(no id)'} (icon {p.get('icon-name', '?')})")
    if not files:
        print("no .ui files found under", root / "src" / "ui")
        return 1
    if missing:
        print("Icon-only buttons without an accessible label:")
        for m in missing:
            print("  " + m)
        return 1
    print(f"{len(files)} .ui files: every icon-only button has an accessible label")
    return 0


if __name__ == "__main__":
    sys.exit(main())
