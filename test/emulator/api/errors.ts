// API errors as MASV clients see them: `{"code": <int>, "message": "<text>"}` with a status from
// the mapping in masv-api.md §4.6. Handlers throw ApiError; the server turns it into a response.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string): ApiError => new ApiError(400, message);
export const unauthorized = (message: string): ApiError => new ApiError(401, message);
export const forbidden = (message: string): ApiError => new ApiError(403, message);
export const notFound = (message = 'not found'): ApiError => new ApiError(404, message);
export const conflict = (message: string): ApiError => new ApiError(409, message);
export const tooManyRequests = (retryAfterSeconds: number, message = 'rate limited'): ApiError =>
  new ApiError(429, message, { 'retry-after': String(retryAfterSeconds) });

/** Body of every error response. `code` repeats the HTTP status: MASV's own codes are not public. */
export function errorBody(status: number, message: string): { code: number; message: string } {
  return { code: status, message };
}
