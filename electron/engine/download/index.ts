// Link downloads plug into the TransferManager here (input is shared/transfers.ts DownloadInput):
//   manager.registerJobType(createDownloadJobFactory({ linkHosts: ['127.0.0.1:8480'] }));
import { DownloadInput } from '../../../shared/transfers';
import type { DownloadInputParsed } from '../../../shared/transfers';
import type { Journal } from '../journal';
import type { JobFactory } from '../transfer-job';
import { replayDownload } from './download-journal';
import type { DownloadRecord } from './download-journal';
import { DownloadJob } from './download-job';
import type { DownloadJobOptions } from './download-job';

export function createDownloadJobFactory(
  opts: DownloadJobOptions = {},
): JobFactory<DownloadInputParsed> {
  return {
    kind: 'download',
    create: (id, input, ctx) => DownloadJob.create(id, DownloadInput.parse(input), ctx, opts),
    restore: (journal, records, ctx) =>
      DownloadJob.restore(
        journal as Journal<DownloadRecord>,
        replayDownload(records as DownloadRecord[]),
        ctx,
        opts,
      ),
  };
}

export { DownloadJob } from './download-job';
export { targetOs } from './prepare-download';
export type { DownloadJobOptions } from './download-job';
export { describePackage, inspectLink } from './package-info';
export type { PackageSummary } from './package-info';
export {
  openPackage,
  parseLinkOrThrow,
  apiUrlFor,
  clientFor,
  publicLinkText,
} from './link-session';
export type { DownloadClient, LinkConfig } from './link-session';
export { selectFiles, planFiles, checkFreeSpace } from './preflight';
