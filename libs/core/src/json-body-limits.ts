/** Bounds on a JSON body checked before it is parsed (issue 11 item 2): no request body of the API comes near them. */
export const MAX_JSON_DEPTH = 16;
export const MAX_JSON_KEYS_PER_OBJECT = 100;
export const MAX_JSON_ARRAY_LENGTH = 1000;
