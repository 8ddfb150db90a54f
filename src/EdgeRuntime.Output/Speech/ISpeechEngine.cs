namespace EdgeRuntime.Output.Speech;

/// <summary>Something that can say a sentence: the espeak-ng CLI in production.</summary>
public interface ISpeechEngine
{
    /// <summary>Starts saying <paramref name="text"/> and returns at once.</summary>
    ISpeechUtterance Start(string text);
}

/// <summary>One sentence being said.</summary>
public interface ISpeechUtterance : IDisposable
{
    /// <summary>The text.</summary>
    string Text { get; }

    /// <summary>True until it finished or was stopped.</summary>
    bool IsRunning { get; }

    /// <summary>True when <see cref="Stop"/> cut it off while it was still running.</summary>
    bool Interrupted { get; }

    /// <summary>Completes when it finished or was stopped.</summary>
    Task Completion { get; }

    /// <summary>Cuts it off (no effect when already finished).</summary>
    void Stop();
}
