/** A documented 405 (JSON, with Allow) instead of the framework's empty one. */
export const methodNotAllowed = (allow: string) => () =>
  Response.json({ error: "Method Not Allowed", message: `This endpoint answers ${allow} only.` }, { status: 405, headers: { allow } });
