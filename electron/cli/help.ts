// Help text, generated from the command table.
import { COMMANDS } from './command-specs';
import type { CommandSpec } from './command-specs';
import { EXIT_CODE_HELP } from './exit-codes';

const TOP_LEVEL = COMMANDS.filter((c) => !c.name.includes(' '));

export function mainHelp(version: string): string {
  const width = Math.max(...TOP_LEVEL.map((c) => c.name.length));
  const lines = [
    `masv ${version} — MASV transfers from the command line (same engine as MASV Desktop)`,
    '',
    'Usage: masv <command> [options]',
    '',
    'Commands:',
    ...TOP_LEVEL.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `masv <command> --help` for the options of a command.',
    '',
    'Global:',
    '  -h, --help     show help',
    '  -V, --version  show the version',
    '',
    'Output: progress goes to stderr (a live line on a terminal, plain lines otherwise);',
    'results go to stdout. With --json, stdout holds exactly one JSON document, printed when the',
    'command ends: {"ok":true,...} or {"ok":false,"error":{"code","message"},"exitCode":N}.',
    '',
    'Environment:',
    '  MASV_API_KEY   use this API key instead of the stored credential (never printed)',
    '  MASV_HOME      keep settings, journals and history in this folder',
    '',
    EXIT_CODE_HELP,
  ];
  return `${lines.join('\n')}\n`;
}

export function commandHelp(command: CommandSpec): string {
  const entries = Object.entries(command.options).map(([name, o]) => {
    const flag = `${o.short === undefined ? '    ' : `-${o.short}, `}--${name}${o.valueName === undefined ? '' : ` ${o.valueName}`}`;
    return { flag, text: o.description };
  });
  entries.push({ flag: '-h, --help', text: 'show this help' });
  const width = Math.max(...entries.map((e) => e.flag.length));
  const lines = [
    `masv ${command.name} — ${command.summary}`,
    '',
    `Usage: ${command.usage}`,
    '',
    'Options:',
    ...entries.map((e) => `  ${e.flag.padEnd(width)}  ${e.text}`),
  ];
  if (command.notes !== undefined) lines.push('', ...command.notes);
  return `${lines.join('\n')}\n`;
}
