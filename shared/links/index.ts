export {
  MASV_LINK_SCHEME,
  MAX_LINK_LENGTH,
  PRODUCTION_API_URL,
  PRODUCTION_LINK_HOSTS,
  formatMasvLink,
  parseMasvLink,
} from './masv-link';
export type {
  FormatMasvLinkOptions,
  MasvLink,
  MasvLinkError,
  MasvLinkErrorCode,
  ParseMasvLinkOptions,
  ParseMasvLinkResult,
} from './masv-link';
