/** An error that is the caller's to see: it answers with its own status and message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const newRequestId = () => crypto.randomUUID();

/**
 * The answer to anything thrown while handling a request. A HttpError is the caller's business;
 * anything else is ours: SQL, parameters and the stack go to the server log under a request id,
 * and the response carries only that id (in the body and in X-Request-Id).
 */
export function errorResponse(error: unknown, requestId = newRequestId()) {
  const headers = { "x-request-id": requestId };
  if (error instanceof HttpError) {
    return Response.json({ error: error.code, message: error.message, requestId }, { status: error.status, headers });
  }
  console.error(`Request ${requestId} failed:`, error);
  return Response.json({ error: "Internal Server Error", message: `An unexpected error was encountered. Quote request id ${requestId} when you report it.`, requestId }, { status: 500, headers });
}

/** Wraps a route handler so that nothing it throws reaches the client as more than a request id. */
export function withErrorResponse<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
