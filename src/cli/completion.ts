// `ccproxy completion bash|zsh|fish`: shell completion scripts generated from commander's command tree, so a new
// command or option completes without anyone editing a script.
import { Help, type Command } from "commander";

/** Why: the shells a script is generated for. */
export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

interface Entry {
  name: string;
  description: string;
  flags: { long: string; short?: string; description: string; takesValue: boolean }[];
}

/** Why: what every generator needs: visible commands (hidden ones, like hook-server, stay out) and their options. */
function entries(program: Command): Entry[] {
  const help = new Help();
  return help
    .visibleCommands(program)
    .filter((command) => command.name() !== "help")
    .map((command) => ({
      name: command.name(),
      description: firstLine(command.description()),
      flags: help
        .visibleOptions(command)
        .filter((option) => option.long)
        .map((option) => ({ long: option.long!, short: option.short, description: firstLine(option.description), takesValue: option.required || option.optional })),
    }));
}

const firstLine = (text: string) => text.split("\n")[0]!.replace(/\s+/g, " ").trim();

/** Why: the script for one shell, for `source <(ccproxy completion bash)` or a file in the shell's completion dir. */
export function completionScript(shell: Shell, program: Command): string {
  const list = entries(program);
  if (shell === "bash") return bash(list);
  if (shell === "zsh") return zsh(list);
  return fish(list);
}

function bash(list: Entry[]): string {
  const cases = list.map((e) => `    ${e.name}) opts="${e.flags.flatMap((f) => (f.short ? [f.short, f.long] : [f.long])).join(" ")}" ;;`);
  return `# bash completion for ccproxy: source <(ccproxy completion bash)
_ccproxy() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" opts=""
  if [[ \${COMP_CWORD} -eq 1 ]]; then
    COMPREPLY=($(compgen -W "${list.map((e) => e.name).join(" ")} --help --version" -- "$cur"))
    return
  fi
  if [[ \${COMP_WORDS[1]} == run && \${COMP_CWORD} -ge 2 && $cur != -* ]]; then
    COMPREPLY=($(compgen -c -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases.join("\n")}
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o default -F _ccproxy ccproxy
`;
}

const zshQuote = (text: string) => text.replace(/'/g, "'\\''").replace(/([[\]:])/g, "\\$1");

function zsh(list: Entry[]): string {
  const commands = list.map((e) => `    '${e.name}:${e.description.replace(/'/g, "'\\''")}'`);
  const cases = list.map((e) => {
    const specs = e.flags.map((f) => `'${f.long}[${zshQuote(f.description)}]${f.takesValue ? ":value:_files" : ""}'`);
    const rest = e.name === "run" ? "'*::command:_normal'" : "'*:file:_files'";
    return `    ${e.name}) _arguments ${[...specs, rest].join(" ")} ;;`;
  });
  return `#compdef ccproxy
# zsh completion for ccproxy: source <(ccproxy completion zsh), or save as _ccproxy in a directory on $fpath
_ccproxy() {
  local -a commands
  commands=(
${commands.join("\n")}
  )
  if (( CURRENT == 2 )); then
    _describe 'ccproxy command' commands
    return
  fi
  shift words
  (( CURRENT-- ))
  case $words[1] in
${cases.join("\n")}
  esac
}
if [[ $funcstack[1] == _ccproxy ]]; then _ccproxy "$@"; else compdef _ccproxy ccproxy; fi
`;
}

const fishQuote = (text: string) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

function fish(list: Entry[]): string {
  const lines = ["# fish completion for ccproxy: ccproxy completion fish > ~/.config/fish/completions/ccproxy.fish", "complete -c ccproxy -f"];
  for (const e of list) lines.push(`complete -c ccproxy -n __fish_use_subcommand -a ${e.name} -d ${fishQuote(e.description)}`);
  for (const e of list) {
    for (const f of e.flags) {
      const short = f.short ? ` -s ${f.short.slice(1)}` : "";
      lines.push(`complete -c ccproxy -n '__fish_seen_subcommand_from ${e.name}'${short} -l ${f.long.slice(2)}${f.takesValue ? " -r" : ""} -d ${fishQuote(f.description)}`);
    }
  }
  lines.push("complete -c ccproxy -n '__fish_seen_subcommand_from route' -F");
  return `${lines.join("\n")}\n`;
}
