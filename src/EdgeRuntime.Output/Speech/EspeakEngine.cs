using System.Diagnostics;
using System.Globalization;

namespace EdgeRuntime.Output.Speech;

/// <summary>
/// Speaks through the espeak-ng command-line program: to the default audio output, or into a WAV file per utterance
/// when <see cref="SpeechOptions.WavDirectory"/> is set. One child process per utterance, so stopping one is a kill.
/// </summary>
public sealed class EspeakEngine(SpeechOptions options) : ISpeechEngine
{
    private long _count;

    /// <inheritdoc />
    public ISpeechUtterance Start(string text)
    {
        var info = new ProcessStartInfo(options.Command)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        info.ArgumentList.Add("-v");
        info.ArgumentList.Add(options.Voice);
        info.ArgumentList.Add("-s");
        info.ArgumentList.Add(options.WordsPerMinute.ToString(CultureInfo.InvariantCulture));
        string? wav = null;
        if (options.WavDirectory is { } dir)
        {
            Directory.CreateDirectory(dir);
            wav = Path.Combine(dir, $"utterance-{Interlocked.Increment(ref _count):D5}.wav");
            info.ArgumentList.Add("-w");
            info.ArgumentList.Add(wav);
        }
        info.ArgumentList.Add("--");
        info.ArgumentList.Add(text);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + options.Command);
        return new Utterance(text, process, wav);
    }

    /// <summary>A running espeak-ng process.</summary>
    private sealed class Utterance : ISpeechUtterance
    {
        private readonly Process _process;
        private int _interrupted;

        public Utterance(string text, Process process, string? wav)
        {
            Text = text;
            WavPath = wav;
            _process = process;
            // Drain the pipes so a chatty espeak-ng never blocks on a full pipe.
            _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
            Completion = WaitAndRelease(process);
        }

        private static async Task WaitAndRelease(Process process)
        {
            await process.WaitForExitAsync().ConfigureAwait(false);
            process.Dispose();
        }

        public string Text { get; }

        public string? WavPath { get; }

        public bool IsRunning => !Completion.IsCompleted;

        public bool Interrupted => Volatile.Read(ref _interrupted) != 0;

        public Task Completion { get; }

        public void Stop()
        {
            if (Completion.IsCompleted)
            {
                return;
            }
            try
            {
                _process.Kill();
                Volatile.Write(ref _interrupted, 1);
            }
            catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
            {
                // exited between the check and the kill: nothing to stop
            }
        }

        /// <summary>Stops the utterance; the process object is released when it has exited.</summary>
        public void Dispose() => Stop();
    }
}
