# Shared by deploy/classroom.sh and deploy/school.sh (sourced, not run).

# Run a command, and again whenever it exits: a crashed or killed app process is back within
# about 2 s (0.5 s, then Streamlit's start), while HAProxy sends its students to the other one.
# A command that keeps failing at start waits longer each time (up to 16 s), not a busy loop.
# On INT or TERM, stop the command (by its PID) and return.
supervise() {
    local name=$1 child="" tenths=5 status started
    shift
    trap '[ -n "$child" ] && kill "$child" 2>/dev/null; wait; exit 0' INT TERM
    while :; do
        started=$SECONDS
        "$@" &
        child=$!
        status=0
        wait "$child" || status=$?
        # a quick exit doubles the wait (0.5, 1, 2 ... 16 s); one after a while starts again at 0.5 s
        if ((SECONDS - started < 5)); then tenths=$((tenths < 160 ? tenths * 2 : 160)); else tenths=5; fi
        echo "${0##*/}: $(date +%T) $name (PID $child) exited with status $status;" \
            "restarting in $((tenths / 10)).$((tenths % 10)) s" >&2
        sleep "$((tenths / 10)).$((tenths % 10))"
    done
}

# HAProxy holds two descriptors per connection (client and server side): maxconn 4000 needs
# about 8,100. Raise the soft limit as far as the hard one allows.
raise_file_limit() {
    local files=8192 hard
    if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$files" ]; then
        hard=$(ulimit -Hn)
        if [ "$hard" != unlimited ] && [ "$hard" -lt "$files" ]; then
            echo "${0##*/}: open-file limit is $hard; HAProxy wants $files for maxconn 4000 (raise ulimit -Hn)" >&2
            files=$hard
        fi
        ulimit -n "$files"
    fi
}
