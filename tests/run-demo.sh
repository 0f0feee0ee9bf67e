#!/bin/sh
# make run: open the interactive screen on the sample KB.  Without a
# terminal (a pipe, CI), show what kb does on it instead.
kb=$1
dir=$2
if [ -t 0 ] && [ -t 1 ]; then
	exec "$kb" --kb "$dir"
fi
echo "Sample KB: $dir (no terminal here: run 'make run' in one for the screen)"
echo
echo "\$ kb --kb $dir search lost social security card"
"$kb" --kb "$dir" search lost social security card
echo
echo "\$ kb --kb $dir show --channel phone passport-renew-mail"
"$kb" --kb "$dir" show --channel phone --width 78 passport-renew-mail
echo
echo "More:  $kb --kb $dir          (the interactive screen)"
echo "       $kb --kb $dir search --json QUERY   |   $kb --kb $dir check"
echo "       $kb --help   |   man man/kb.1"
