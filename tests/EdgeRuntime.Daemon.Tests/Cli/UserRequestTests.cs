using EdgeRuntime.Core.Time;
using EdgeRuntime.Daemon.Cli;
using EdgeRuntime.Testing.Simulation;

namespace EdgeRuntime.Daemon.Tests.Cli;

/// <summary>
/// A user request, however it arrives (GPIO button, standard input, MQTT command), makes `edge run` publish a scene
/// description whose reason is the user's.
/// </summary>
public sealed class UserRequestTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static int UserScenes(string output) => output.Split('\n')
        .Count(l => l.Contains("\"topic\":\"edge/scene\"", StringComparison.Ordinal) && l.Contains("\"reason\":\"user\"", StringComparison.Ordinal));

    [Fact]
    public async Task A_short_and_a_long_press_of_the_GPIO_button_each_yield_a_user_description()
    {
        var chip = new FakeGpioLines(TimeProvider.System);
        var inner = new StringWriter();
        var stdout = TextWriter.Synchronized(inner);
        string Output()
        {
            lock (stdout)
            {
                return inner.ToString();
            }
        }
        // In process, so the fake chip can stand in for libgpiod: everything above the line requests is the daemon's.
        var context = new CliContext(stdout, new StringWriter(), Repo.Root, new Dictionary<string, string?>(), _ => chip);
        using var stop = new CancellationTokenSource();
        var run = EdgeCli.RunAsync(LiveRun.Arguments(
            "--set", "Camera:Loop=true", "--set", "Audio:Loop=true",
            "--set", "Gpio:ButtonLine=17", "--set", "Gpio:Chip=fake",
            "--set", "Output:Jsonl:Path="), context, stop.Token);
        try
        {
            await Eventually.TrueAsync(() => run.IsCompleted || (chip.Inputs.ContainsKey(17) && Output().Contains("\"topic\":\"edge/scene\"", StringComparison.Ordinal)),
                Deadline, "the button line requested and a first description");
            Assert.False(run.IsCompleted, "edge run ended early\n" + Output());
            Assert.Equal(0, UserScenes(Output()));

            // Edges stamped in the past, as the kernel stamps them: each has held longer than the debounce time when
            // the watcher sees it, so a press and its release are decided at once.
            var button = chip.Inputs[17];
            var now = Timestamp.Now(TimeProvider.System).Nanoseconds;
            button.Push(rising: true, now - 300_000_000);
            button.Push(rising: false, now - 150_000_000);
            await Eventually.TrueAsync(() => UserScenes(Output()) >= 1, Deadline, "a user description after a short press");

            now = Timestamp.Now(TimeProvider.System).Nanoseconds;
            button.Push(rising: true, now - 1_500_000_000); // held 1.5 s: longer than Gpio:LongPress (1 s)
            button.Push(rising: false, now - 100_000_000);
            await Eventually.TrueAsync(() => UserScenes(Output()) >= 2, Deadline, "a user description after a long press (read text)");
        }
        finally
        {
            await stop.CancelAsync();
        }
        Assert.Equal(0, await run.WaitAsync(Deadline));
        Assert.True(chip.Inputs[17].Released && chip.Disposed, "the button line is released when the run stops");
    }
}
