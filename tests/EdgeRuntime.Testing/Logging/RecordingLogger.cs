using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Testing.Logging;

/// <summary>One log line captured by <see cref="RecordingLoggerFactory"/>.</summary>
public sealed record LogEntry(LogLevel Level, string Category, string Message, Exception? Exception, long Timestamp)
{
    /// <inheritdoc />
    public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : " " + Exception)}";
}

/// <summary>
/// A logger factory that keeps every line, so a test can assert on what was logged and fail when anything logged an
/// error it did not expect (<see cref="UnexpectedErrors"/>).
/// </summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly ConcurrentBag<string> _expected = [];

    /// <summary>Everything logged so far.</summary>
    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    /// <summary>Errors (and worse) whose message contains none of the expected fragments.</summary>
    public IReadOnlyList<LogEntry> UnexpectedErrors =>
        _entries.Where(e => e.Level >= LogLevel.Error && !_expected.Any(x => e.Message.Contains(x, StringComparison.Ordinal))).ToArray();

    /// <summary>Marks errors containing <paramref name="fragment"/> as expected by the test.</summary>
    public void Expect(string fragment) => _expected.Add(fragment);

    /// <summary>Lines at <paramref name="level"/> or above containing <paramref name="fragment"/>.</summary>
    public int Count(LogLevel level, string fragment) => _entries.Count(e => e.Level >= level && e.Message.Contains(fragment, StringComparison.Ordinal));

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Recorder(RecordingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), exception, System.Diagnostics.Stopwatch.GetTimestamp()));
    }
}
