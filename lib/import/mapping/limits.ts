/** A header past these is no device export a person maps by hand (and would make the answer huge). */
export const MAX_MAPPED_COLUMNS = 200;
export const MAX_COLUMN_NAME = 200;

export const mappable = (header: string[]) => header.length <= MAX_MAPPED_COLUMNS && header.every((h) => h.length <= MAX_COLUMN_NAME);
