# bash completion for loopscope                                  -*- shell-script -*-
#
# Completes the commands, each command's options and their values: lesson ids (from
# `loopscope list`), a lesson's variants and parameter names (from `loopscope list --json`, read
# with python3 when it is there), themes, formats, and file names where a file is expected
# (.loopscope recordings, .py programs, pictures of the chosen format, folders).

# The lesson ids, one a line: the first column of `loopscope list`.
_loopscope_lessons()
{
    local id _rest
    "$1" list 2>/dev/null | while read -r id _rest; do
        [[ -n $id ]] && printf '%s\n' "$id"
    done
}

# A lesson's variants ($3 = variants) or parameter names ($3 = params), one a line.
_loopscope_lesson_field()
{
    command -v python3 >/dev/null 2>&1 || return 0
    "$1" list --json 2>/dev/null | python3 -c '
import json, sys
try:
    lessons = json.load(sys.stdin)
except ValueError:
    sys.exit(0)
for lesson in lessons:
    if lesson.get("id") == sys.argv[1]:
        for item in lesson.get(sys.argv[2], []):
            print(item["name"] if isinstance(item, dict) else item)
' "$2" "$3" 2>/dev/null
}

# File names ending in one of the given extensions (none: any file), and folders.
_loopscope_files()
{
    if declare -F _filedir >/dev/null; then
        if (($#)); then
            local IFS='|'
            _filedir "$*"
        else
            _filedir
        fi
        return
    fi
    local ext
    compopt -o filenames 2>/dev/null
    if (($#)); then
        mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        for ext in "$@"; do
            mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -X "!*.$ext" -- "$cur")
        done
    else
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
}

_loopscope_dirs()
{
    if declare -F _filedir >/dev/null; then
        _filedir -d
        return
    fi
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -d -- "$cur")
}

# Offers the words in $1 that match $cur, leaving out options already given (--set may repeat).
_loopscope_offer()
{
    local word used offer=()
    for word in $1; do
        if [[ $word == -* && $word != --set ]]; then
            for used in "${words[@]:1:cword-1}"; do
                [[ $used == "$word" ]] && continue 2
            done
        fi
        offer+=("$word")
    done
    mapfile -t COMPREPLY < <(compgen -W "${offer[*]}" -- "$cur")
}

_loopscope()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null; then
        _init_completion -n = || return
    else
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD - 1]}
    fi
    local loopscope=${words[0]/#\~/$HOME} # the command as typed, so a build folder's binary answers too
    COMPREPLY=()

    local commands="open list run show record export"
    local window_opts="--lesson --live --cpython --at --theme --presentation --help"
    local themes="light dark contrast print"
    local formats="png svg pdf trace gif mp4 webm"
    local limit_opts="--max-wall --max-cpu --max-memory --max-events --max-output"
    local picture_opts="--width --height --scale --theme --from --to --at --title --no-legend --fps --speed --plot --log"

    local command=""
    [[ $cword -gt 1 && " $commands " == *" ${words[1]} "* ]] && command=${words[1]}

    # Everything after a lone -- belongs to the recorded program.
    local i
    if [[ $command == record || $command == export ]]; then
        for ((i = 2; i < cword; i++)); do
            if [[ ${words[i]} == -- ]]; then
                _loopscope_files
                return
            fi
        done
    fi

    # The value of the option just before the cursor.
    case $prev in
        --lesson)
            mapfile -t COMPREPLY < <(compgen -W "$(_loopscope_lessons "$loopscope")" -- "$cur")
            return
            ;;
        --theme)
            mapfile -t COMPREPLY < <(compgen -W "$themes" -- "$cur")
            return
            ;;
        --format)
            mapfile -t COMPREPLY < <(compgen -W "$formats" -- "$cur")
            return
            ;;
        --save | --recording)
            _loopscope_files loopscope
            return
            ;;
        --program)
            _loopscope_files py
            return
            ;;
        --dir)
            _loopscope_dirs
            return
            ;;
        --python)
            if [[ $cur == */* ]]; then
                _loopscope_files
            else
                mapfile -t COMPREPLY < <(compgen -c -- "${cur:-python}")
            fi
            return
            ;;
        --out)
            local format="" j
            for ((j = 2; j < cword - 1; j++)); do
                [[ ${words[j]} == --format ]] && format=${words[j + 1]}
            done
            case $format in
                png | svg | pdf | gif | mp4 | webm) _loopscope_files "$format" ;;
                *) _loopscope_files ;;
            esac
            return
            ;;
        --variant | --set)
            local lesson=""
            [[ ($command == run || $command == export) && $cword -gt 2 && ${words[2]} != -* ]] && lesson=${words[2]}
            [[ -z $lesson ]] && return
            if [[ $prev == --variant ]]; then
                mapfile -t COMPREPLY < <(compgen -W "$(_loopscope_lesson_field "$loopscope" "$lesson" variants)" -- "$cur")
            elif [[ $cur != *=* ]]; then
                mapfile -t COMPREPLY < <(compgen -S = -W "$(_loopscope_lesson_field "$loopscope" "$lesson" params)" -- "$cur")
                compopt -o nospace 2>/dev/null
            fi
            return
            ;;
        --at | --from | --to | --width | --height | --scale | --title | --max-wall | --max-cpu | --max-memory | --max-events | --max-output)
            return # a number or a text: nothing to offer
            ;;
    esac

    case $command in
        "")
            if [[ $cword -eq 1 && $cur != -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
            elif [[ $cword -eq 1 ]]; then
                mapfile -t COMPREPLY < <(compgen -W "$window_opts --version" -- "$cur") # --version goes alone
            else
                _loopscope_offer "$window_opts"
            fi
            ;;
        open)
            if [[ $cword -eq 2 ]]; then
                _loopscope_files loopscope py
            else
                _loopscope_offer "--at --theme --presentation"
            fi
            ;;
        list)
            _loopscope_offer "--json"
            ;;
        show)
            if [[ $cword -eq 2 ]]; then
                _loopscope_files loopscope
            else
                _loopscope_offer "--json"
            fi
            ;;
        run)
            if [[ $cword -eq 2 ]]; then
                mapfile -t COMPREPLY < <(compgen -W "$(_loopscope_lessons "$loopscope")" -- "$cur")
            else
                _loopscope_offer "--set --variant --live --json --save"
            fi
            ;;
        record)
            if [[ $cword -eq 2 && $cur != -* ]]; then
                _loopscope_files py
            else
                _loopscope_offer "--set --real-time --python --save --json $limit_opts --"
            fi
            ;;
        export)
            if [[ $cword -eq 2 ]]; then
                if [[ $cur == -* ]]; then
                    mapfile -t COMPREPLY < <(compgen -W "--recording --program --all --help" -- "$cur")
                else
                    mapfile -t COMPREPLY < <(compgen -W "$(_loopscope_lessons "$loopscope")" -- "$cur")
                fi
                return
            fi
            case ${words[2]} in
                --recording) _loopscope_offer "--format --out --variant $picture_opts" ;;
                --program) _loopscope_offer "--format --out --real-time --python $limit_opts $picture_opts --" ;;
                --all) _loopscope_offer "--format --dir $picture_opts" ;;
                -*) ;;
                *) _loopscope_offer "--format --out --set --variant $picture_opts" ;;
            esac
            ;;
    esac
} &&
    complete -F _loopscope loopscope

# ex: filetype=sh
