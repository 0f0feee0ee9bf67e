#!/bin/sh
# make run: until the interactive screen exists, show what kb does on the
# sample KB and how to go on.
kb=$1
dir=$2
echo "Sample KB: $dir"
echo
echo "\$ kb --kb $dir search lost social security card"
$kb --kb "$dir" search lost social security card
echo
echo "\$ kb --kb $dir show --channel phone passport-renew-mail"
$kb --kb "$dir" show --channel phone --width 78 passport-renew-mail
echo
echo "More:  $kb --kb $dir search --json QUERY   |   $kb --kb $dir check"
echo "       $kb --help   |   man man/kb.1"
