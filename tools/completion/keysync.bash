# bash completion for keysync
_keysync() {
    local cur=${COMP_WORDS[COMP_CWORD]} command=${COMP_WORDS[1]}
    local commands="apps list convert doctor --help"
    local apps
    apps=$(keysync apps 2>/dev/null | awk '{print $1}')
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        return
    fi
    case "$cur" in
        -*)
            case "$command" in
                list) COMPREPLY=($(compgen -W "--json --help" -- "$cur")) ;;
                convert) COMPREPLY=($(compgen -W "--dry-run --force --help" -- "$cur")) ;;
                *) COMPREPLY=($(compgen -W "--help" -- "$cur")) ;;
            esac ;;
        *:*)
            # APP:DIR — complete the folder part
            local app=${cur%%:*} dir=${cur#*:}
            COMPREPLY=($(compgen -d -- "$dir" | sed "s|^|$app:|"))
            compopt -o nospace 2>/dev/null ;;
        *)
            [ "$command" = apps ] && return
            COMPREPLY=($(compgen -W "$apps" -- "$cur")) ;;
    esac
}
complete -F _keysync keysync
