using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Testing;

/// <summary>A logger that keeps every line, so a test can wait for a message or check what was logged.</summary>
public sealed class ListLogger : ILogger
{
    private readonly List<(LogLevel Level, string Message)> _lines = [];

    /// <summary>Every line so far.</summary>
    public IReadOnlyList<(LogLevel Level, string Message)> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToArray();
            }
        }
    }

    /// <summary>True when a line contains <paramref name="text"/>.</summary>
    public bool Contains(string text) => Lines.Any(l => l.Message.Contains(text, StringComparison.Ordinal));

    /// <summary>How many lines contain <paramref name="text"/>.</summary>
    public int Count(string text) => Lines.Count(l => l.Message.Contains(text, StringComparison.Ordinal));

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add((logLevel, formatter(state, exception) + (exception is null ? "" : " " + exception.Message)));
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(Environment.NewLine, Lines.Select(l => $"{l.Level}: {l.Message}"));
}
