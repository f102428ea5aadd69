#!/bin/sh
# Renders loopscope.svg into the hicolor PNGs committed beside it. Run it after changing the SVG;
# it needs rsvg-convert (Debian: librsvg2-bin). The build does not run it.
set -eu
cd "$(dirname "$0")"
for n in 16 22 24 32 48 64 128 256 512; do
    mkdir -p "hicolor/${n}x${n}/apps"
    rsvg-convert -w "$n" -h "$n" loopscope.svg -o "hicolor/${n}x${n}/apps/io.github.loopscope.Loopscope.png"
done
