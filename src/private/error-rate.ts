/** A 5XX rate over fewer requests a minute than this is not counted (one error would be 5 %). */
export const MIN_REQUESTS_FOR_ERROR_RATE = 20;
