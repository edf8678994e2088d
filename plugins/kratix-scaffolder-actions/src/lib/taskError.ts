/**
 * An error the task log shows as one line: the scaffolder writes a failed step's
 * `error.stack`, and for a failure the user must act on (a pipeline stage failed, a
 * worker refused the output, a permission is missing) the stack is noise.
 */
export function taskError(message: string, name = 'Error'): Error {
  const error = new Error(message);
  error.name = name;
  error.stack = message;
  return error;
}

/**
 * The error of an action step, as one line that says what failed and where to look;
 * errors of our own code (a TypeError, say) keep their stack.
 */
export function asTaskError(error: unknown, where?: string): Error {
  if (!(error instanceof Error)) return taskError(String(error));
  if (error.stack === error.message) return error;
  const ours = ['TypeError', 'ReferenceError', 'SyntaxError', 'RangeError'];
  if (ours.includes(error.name)) return error;
  const message =
    where && !error.message.includes(where)
      ? `${error.message}. ${where}`
      : error.message;
  return taskError(message, error.name);
}
