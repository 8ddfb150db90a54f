namespace EdgeRuntime.Daemon.Cli;

/// <summary>
/// Input that <c>edge</c> found unusable before starting anything (a model that cannot be loaded, a replay video or
/// WAVE file that is empty, garbage or truncated): printed as one line, <c>edge: </c> and the message naming the key and
/// the file, and exit code 2.
/// </summary>
internal sealed class BadInputException(string message, Exception? inner = null) : Exception(message, inner);
