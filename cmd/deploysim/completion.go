package main

import (
	"context"
	"io"
	"strings"

	"github.com/spf13/pflag"
)

// completionScripts are the shells' completion scripts; each asks
// deploysim __complete for the candidates (see complete.go), so that
// they complete commands, flags, scenario names, arm names and --set
// paths of whatever deploysim they call.
var completionScripts = map[string]string{
	"bash":       bashCompletion,
	"zsh":        zshCompletion,
	"fish":       fishCompletion,
	"powershell": powershellCompletion,
}

func completionCommand() *command {
	return &command{
		name:    "completion",
		args:    "bash|zsh|fish|powershell",
		summary: "print a shell's completion script",
		long: `Prints the completion script for a shell: with it, Tab completes
deploysim's commands, flags, the built-in scenarios, the arms of the
scenario on the line (--arm, --vs, --from, --to, --arms), the --set and
--vary paths of its parameters and the choices of --format and --layout.

bash: source <(deploysim completion bash), or save it as
      ~/.local/share/bash-completion/completions/deploysim
zsh:  deploysim completion zsh > "${fpath[1]}/_deploysim" (then restart zsh),
      or source <(deploysim completion zsh) after compinit
fish: deploysim completion fish > ~/.config/fish/completions/deploysim.fish
PowerShell: deploysim completion powershell | Out-String | Invoke-Expression
      (add that line to $PROFILE to keep it)`,
		examples: `  deploysim completion bash > ~/.local/share/bash-completion/completions/deploysim
  deploysim completion fish > ~/.config/fish/completions/deploysim.fish`,
		setup: func(fs *pflag.FlagSet) action {
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) != 1 || completionScripts[args[0]] == "" {
					got := strings.Join(args, " ")
					if got == "" {
						got = "nothing"
					}
					return usagef("name one shell: bash, zsh, fish or powershell, got %s (see deploysim completion --help)", got)
				}
				_, err := io.WriteString(e.stdout, completionScripts[args[0]])
				return err
			}
		},
	}
}

const bashCompletion = `# bash completion for deploysim (deploysim completion bash).
# Source it, or save it as ~/.local/share/bash-completion/completions/deploysim.
_deploysim() {
    local line="${COMP_LINE:0:COMP_POINT}" words out cur directive IFS
    # The words as typed: bash splits COMP_WORDS at "=", deploysim does not.
    read -r -a words <<< "$line"
    [[ "$line" =~ [[:space:]]$ ]] && words+=("")
    cur="${words[${#words[@]}-1]}"
    IFS=$'\n'
    out=($("${words[0]}" __complete "${words[@]:1}" 2>/dev/null)) || return
    [[ ${#out[@]} -gt 0 ]] || return
    directive="${out[${#out[@]}-1]#:}"
    unset 'out[${#out[@]}-1]'
    COMPREPLY=("${out[@]}")
    if (( directive & 2 )); then
        COMPREPLY+=($(compgen -f -- "$cur"))
    fi
    # bash replaces only what follows the last "=" of the word.
    if [[ "$cur" == *=* && "$COMP_WORDBREAKS" == *=* ]]; then
        local i prefix="${cur%=*}="
        for i in "${!COMPREPLY[@]}"; do
            COMPREPLY[i]="${COMPREPLY[i]#"$prefix"}"
        done
    fi
    if (( directive & 1 )); then
        compopt -o nospace 2>/dev/null
    fi
}
complete -F _deploysim deploysim
`

const zshCompletion = `#compdef deploysim
# zsh completion for deploysim (deploysim completion zsh).
_deploysim() {
    local -a out opts
    local directive
    out=("${(@f)$(${words[1]} __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    (( ${#out} )) || return 1
    directive=${out[-1]#:}
    out=("${(@)out[1,-2]}")
    (( directive & 1 )) && opts+=(-S '')
    (( ${#out} )) && compadd "${opts[@]}" -Q -- "${out[@]}"
    (( directive & 2 )) && _files
    return 0
}
if [ "$funcstack[1]" = "_deploysim" ]; then
    _deploysim "$@"
else
    compdef _deploysim deploysim
fi
`

const fishCompletion = `# fish completion for deploysim (deploysim completion fish).
function __deploysim_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l out ($tokens[1] __complete $tokens[2..-1] $current 2>/dev/null)
    test (count $out) -gt 0; or return
    set -l directive (string replace -- ':' '' $out[-1])
    set -e out[-1]
    for c in $out
        echo $c
    end
    if contains -- $directive 2 3
        __fish_complete_path $current
    end
end
complete -c deploysim -f -a '(__deploysim_complete)'
`

const powershellCompletion = `# PowerShell completion for deploysim (deploysim completion powershell).
Register-ArgumentCompleter -Native -CommandName deploysim -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements |
        Where-Object { $_.Extent.StartOffset -lt $cursorPosition } |
        ForEach-Object { $_.Extent.Text })
    $exe = $words[0]
    $rest = @()
    if ($words.Count -gt 1) { $rest = $words[1..($words.Count - 1)] }
    if ($wordToComplete -eq '') {
        # Before PowerShell 7.3 an empty argument is dropped: send "".
        if ($PSVersionTable.PSVersion -lt [version]'7.3') { $rest += '""' } else { $rest += '' }
    }
    $out = @(& $exe __complete @rest 2>$null)
    if ($out.Count -eq 0) { return }
    $directive = [int]($out[-1].TrimStart(':'))
    $cands = @()
    if ($out.Count -gt 1) { $cands = $out[0..($out.Count - 2)] }
    foreach ($c in $cands) {
        [System.Management.Automation.CompletionResult]::new($c, $c, 'ParameterValue', $c)
    }
    if ($directive -band 2) {
        Get-ChildItem -Path "$wordToComplete*" -ErrorAction SilentlyContinue | ForEach-Object {
            [System.Management.Automation.CompletionResult]::new($_.Name, $_.Name, 'ProviderItem', $_.Name)
        }
    }
}
`
