#!/bin/sh
# Run by multi-gitter in each repository (see run.sh): fixes the dropped tasks and commits with
# undangle's pull-request description as the message, so that the pull request carries it.
undangle fix --quiet --pr-body /tmp/undangle-pr-body.md . || exit 1
[ -s /tmp/undangle-pr-body.md ] || exit 0     # nothing to fix: no commit, no pull request
sed '1s/^# //' /tmp/undangle-pr-body.md > /tmp/undangle-msg && rm /tmp/undangle-pr-body.md
git commit -qaF /tmp/undangle-msg
