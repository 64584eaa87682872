# bash completion for detente(1): commands, each command's options (read
# from `detente COMMAND --help`, so they follow the installed tool), the
# values of the options that take a word from a fixed list, and files.
# Installed as share/bash-completion/completions/detente.

_detente()
{
    local cur prev words cword
    _init_completion || return

    local cmds="forecast validate backtest analyze compare game sequence
        sweep report plot serve new vary reconcile diff export seal verify
        resolve score"
    if ((cword == 1)); then
        COMPREPLY=($(compgen -W "$cmds --help --version" -- "$cur"))
        return
    fi
    local cmd=${words[1]}

    case $prev in
    --format)
        case $cmd in
        plot) COMPREPLY=($(compgen -W "png svg pdf" -- "$cur")) ;;
        game) COMPREPLY=($(compgen -W "table json gambit" -- "$cur")) ;;
        export) COMPREPLY=($(compgen -W "yaml json csv xlsx" -- "$cur")) ;;
        score) COMPREPLY=($(compgen -W "table markdown csv json" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "table markdown html pdf json csv" \
            -- "$cur")) ;;
        esac
        return
        ;;
    --model | --models | --analysis-model)
        COMPREPLY=($(compgen -W "mean median eu nbs smp exchange all" \
            -- "$cur"))
        return
        ;;
    --agreement)
        COMPREPLY=($(compgen -W "yes no" -- "$cur"))
        return
        ;;
    --weights)
        COMPREPLY=($(compgen -W "equal capability" -- "$cur"))
        return
        ;;
    --delimiter)
        COMPREPLY=($(compgen -W "comma semicolon tab" -- "$cur"))
        return
        ;;
    --analysis)
        COMPREPLY=($(compgen -W "auto on off" -- "$cur"))
        return
        ;;
    --preset)
        COMPREPLY=($(compgen -W "paper scholz-replication" -- "$cur"))
        return
        ;;
    -o | --out | --draws-out | --checkpoint | --capability | --input)
        _filedir
        return
        ;;
    --draws | --seed | --threads | --rounds | --folds | --bootstrap | \
        --level | --port | --host | --width | --height | --title | \
        --font | --lever | --apply-lever | --set | --issue | --qre | --plans | --sweep | \
        --max-sweeps | --Q | --smp-* | --observed)
        return
        ;;
    esac

    if [[ $cur == -* ]]; then
        local opts
        opts=$("${words[0]}" "$cmd" --help 2>/dev/null |
            grep -oE -- '(^|[[ ,])--?[a-zA-Z][a-zA-Z0-9-]*' |
            sed -E 's/^[[ ,]//' | sort -u)
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    case $cmd in
    plot)
        if ((cword == 2)); then
            COMPREPLY=($(compgen -W "trajectory positions levers
                distribution compare vary tornado sobol" -- "$cur"))
            return
        fi
        _filedir '@(yaml|yml|csv)'
        ;;
    game) _filedir efg ;;
    serve) _filedir -d ;;
    backtest) _filedir '@(csv|yaml|yml)' ;; # a DEU file, a DIR or scenarios
    verify | resolve | score) _filedir json ;;
    *) _filedir '@(yaml|yml|csv|xml)' ;;
    esac
} &&
    complete -F _detente detente
