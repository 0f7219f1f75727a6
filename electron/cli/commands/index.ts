// Commands that drive the transfer engine, registered apart from the account commands so the
// unit tests of parsing and login do not load the engine.
import type { CommandHandler } from '../run';
import { runDownload } from './download';
import { runLogs } from './logs';
import { runAddFiles, runCancel, runFinalize, runPause, runResume } from './transfer-control';
import { runTransfersList } from './transfers';
import { runUpload } from './upload';

export const CLI_COMMANDS: Record<string, CommandHandler> = {
  upload: (ctx, inv) => runUpload(ctx, inv.values, inv.positionals),
  download: (ctx, inv) => runDownload(ctx, inv.values, inv.positionals),
  transfers: (ctx) => runTransfersList(ctx),
  logs: (ctx, inv) => runLogs(ctx, inv.values),
  'transfers resume': (ctx, inv) => runResume(ctx, inv.values, inv.positionals),
  'transfers pause': (ctx, inv) => runPause(ctx, inv.positionals),
  'transfers cancel': (ctx, inv) => runCancel(ctx, inv.values, inv.positionals),
  'transfers finalize': (ctx, inv) => runFinalize(ctx, inv.values, inv.positionals),
  'transfers add': (ctx, inv) => runAddFiles(ctx, inv.values, inv.positionals),
};
