/** The encodings an upload may be in, as WHATWG labels (Node's TextDecoder decodes them all). */
export const textEncodings = ["utf-8", "utf-16le", "utf-16be", "gb18030", "big5", "shift_jis", "euc-kr", "windows-1252"] as const;
export type TextEncoding = (typeof textEncodings)[number];

export const encodingNames: Record<TextEncoding, string> = {
  "utf-8": "UTF-8",
  "utf-16le": "UTF-16 LE",
  "utf-16be": "UTF-16 BE",
  gb18030: "GB18030 / GBK (Simplified Chinese)",
  big5: "Big5 (Traditional Chinese)",
  shift_jis: "Shift_JIS (Japanese)",
  "euc-kr": "EUC-KR (Korean)",
  "windows-1252": "Windows-1252 (Western European)",
};

export const isTextEncoding = (value: string): value is TextEncoding => (textEncodings as readonly string[]).includes(value);
