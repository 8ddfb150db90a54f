using EdgeRuntime.Core.Frames;
using EdgeRuntime.Daemon.Doctor;
using EdgeRuntime.Interop.Libc;
using EdgeRuntime.Sensors.Camera;
using EdgeRuntime.Sensors.Distance;
using EdgeRuntime.Sensors.Gpio;
using EdgeRuntime.Sensors.Tests.Camera;
using EdgeRuntime.Testing.Simulation;

namespace EdgeRuntime.Daemon.Tests.Doctor;

/// <summary>
/// The checks for hardware this machine lacks, driven through a fake below the native call (a V4L2 node, a GPIO chip,
/// an I2C sensor) with the judging above it real; and the disk, the service user and the service state for real.
/// </summary>
public sealed class DoctorCheckTests : IDisposable
{
    private readonly TempDir _dir = Repo.TempDir();

    public DoctorCheckTests()
    {
        Directory.CreateDirectory(_dir.File("dev"));
        Directory.CreateDirectory(_dir.File("etc"));
    }

    [Fact]
    public void A_camera_that_opens_and_offers_the_capture_format_passes_naming_card_and_driver()
    {
        File.WriteAllText(_dir.File("dev/video0"), "");
        var opened = new List<FakeVideoDevice>();
        var probes = Probes() with { OpenVideo = path => Add(opened, new FakeVideoDevice([V4l2.PixYuyv, V4l2.PixMjpeg], [(640, 480)])) };
        var result = Camera(new CameraOptions { Source = "v4l2", CaptureFormat = PixelFormat.Mjpeg }, probes).Run();
        Assert.True(result.Ok, result.ToString());
        Assert.Equal("/dev/video0: Fake Camera offers MJPG (opened as tester; there is no edge user here (the service's user needs group video))", result.Found);
        Assert.True(Assert.Single(opened).Disposed);
    }

    [Fact]
    public void An_opencv_camera_given_as_a_V4L2_index_is_checked_as_its_node()
    {
        File.WriteAllText(_dir.File("dev/video2"), "");
        var probes = Probes() with { OpenVideo = path => new FakeVideoDevice([V4l2.PixYuyv], [(640, 480)]) };
        var result = Camera(new CameraOptions { Source = "opencv", Device = "2" }, probes).Run();
        Assert.True(result.Ok, result.ToString());
        Assert.StartsWith("/dev/video2: Fake Camera offers YUYV", result.Found, StringComparison.Ordinal);

        result = Camera(new CameraOptions { Source = "opencv", Device = "3" }, probes).Run();
        Assert.False(result.Ok);
        Assert.StartsWith("Camera:Device /dev/video3 does not exist; V4L2 nodes here: /dev/video2", result.Found, StringComparison.Ordinal);
    }

    [Fact]
    public void A_camera_without_the_capture_format_fails_listing_what_it_offers()
    {
        File.WriteAllText(_dir.File("dev/video0"), "");
        var probes = Probes() with { OpenVideo = path => new FakeVideoDevice([V4l2.PixYuyv], [(640, 480)]) };
        var result = Camera(new CameraOptions { Source = "v4l2", CaptureFormat = PixelFormat.Mjpeg }, probes).Run();
        Assert.False(result.Ok);
        Assert.Equal("/dev/video0 (Fake Camera) does not offer MJPG (Camera:CaptureFormat); it offers YUYV", result.Found);
    }

    [Fact]
    public void A_camera_the_user_may_not_open_fails_naming_the_video_group()
    {
        File.WriteAllText(_dir.File("dev/video0"), "");
        var probes = Probes() with { OpenVideo = path => throw new LibcException($"open({path}) failed: Permission denied (errno 13)", 13) };
        var result = Camera(new CameraOptions { Source = "v4l2" }, probes).Run();
        Assert.False(result.Ok);
        Assert.Equal("/dev/video0: permission denied for tester", result.Found);
        Assert.StartsWith("add tester to group video (sudo adduser tester video", result.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_camera_the_edge_user_cannot_reach_fails_with_the_command_that_adds_it_to_the_group()
    {
        File.WriteAllText(_dir.File("dev/video0"), "");
        File.WriteAllText(_dir.File("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\nedge:x:999:999::/var/lib/edge:/usr/sbin/nologin\n");
        File.WriteAllText(_dir.File("etc/group"), "root:x:0:\nvideo:x:44:pi\naudio:x:29:edge\nedge:x:999:\n");
        var probes = Probes() with { OpenVideo = path => new FakeVideoDevice([V4l2.PixYuyv], [(640, 480)]) };
        var result = Camera(new CameraOptions { Source = "v4l2" }, probes).Run();
        Assert.False(result.Ok);
        Assert.Equal("/dev/video0 (Fake Camera) opens, but the edge user the service runs as is not in group video", result.Found);
        Assert.Equal("sudo adduser edge video, then sudo systemctl restart edge", result.Fix);

        var account = ServiceAccount.Read(_dir.File("etc"), "tester");
        Assert.Null(account.Missing("audio"));
        Assert.Null(account.Missing("edge")); // the primary group
        Assert.Null(account.Missing("gpio")); // no such group here: nothing to join
        Assert.Null(ServiceAccount.Read(_dir.File("etc"), "edge").Missing("video")); // run as edge, the open itself is the test
    }

    [Fact]
    public void No_camera_configured_on_a_machine_without_one_says_both()
    {
        var result = Camera(new CameraOptions(), Probes()).Run();
        Assert.False(result.Ok);
        Assert.Equal("no camera configured (Camera:Source is none); no V4L2 camera on this machine (/dev/video* absent)", result.Found);

        result = Camera(new CameraOptions { Source = "v4l2", Device = "/dev/video2" }, Probes()).Run();
        Assert.False(result.Ok);
        Assert.Equal("Camera:Device /dev/video2 does not exist; no V4L2 camera on this machine (/dev/video* absent)", result.Found);
    }

    [Fact]
    public void A_pipe_camera_passes_when_its_program_is_on_PATH_and_fails_naming_it_otherwise()
    {
        var result = Camera(new CameraOptions { Source = "pipe", PipeCommand = "exec ffmpeg -i x -f rawvideo -" }, Probes()).Run();
        Assert.True(result.Ok, result.ToString());
        Assert.StartsWith("pipe command 'ffmpeg' found at /", result.Found, StringComparison.Ordinal);

        result = Camera(new CameraOptions { Source = "pipe", PipeCommand = "no-such-grabber --raw" }, Probes()).Run();
        Assert.False(result.Ok);
        Assert.Equal("Camera:PipeCommand runs 'no-such-grabber', which is not on PATH", result.Found);
    }

    [Fact]
    public void Configured_gpio_lines_on_a_chip_pass_and_a_busy_line_fails_naming_it()
    {
        var options = new GpioOptions { Chip = "gpiochip0", ButtonLine = 17, PirLine = 27, LedLine = 22 };
        var driver = new FakeGpioDriver(TimeProvider.System);
        var result = new GpioCheck(options, Probes() with { OpenGpio = _ => driver }, Account()).Run();
        Assert.True(result.Ok, result.ToString());
        Assert.StartsWith("'gpiochip0' opens and ButtonLine 17, PirLine 27, LedLine 22 can be requested", result.Found, StringComparison.Ordinal);
        Assert.Equal([17, 22, 27], driver.Opened.Keys.Order());
        Assert.Empty(driver.OpenPins); // released again

        var busy = new FakeGpioDriver(TimeProvider.System);
        busy.Busy[27] = true;
        result = new GpioCheck(options, Probes() with { OpenGpio = _ => busy }, Account()).Run();
        Assert.False(result.Ok);
        Assert.StartsWith("Gpio:PirLine 27 on 'gpiochip0' cannot be requested: ", result.Found, StringComparison.Ordinal);
    }

    [Fact]
    public void Gpio_lines_configured_on_a_chip_this_machine_lacks_fail_naming_the_chip()
    {
        Assert.False(File.Exists("/dev/gpiochip9"), "this test needs a machine without /dev/gpiochip9");
        var options = new GpioOptions { Chip = "gpiochip9", ButtonLine = 17 };
        var result = new GpioCheck(options, Probes(), Account()).Run();
        Assert.False(result.Ok);
        Assert.StartsWith("Gpio:Chip 'gpiochip9' for ButtonLine 17: ", result.Found, StringComparison.Ordinal);
        Assert.Contains("gpiochip9", result.Found[30..], StringComparison.Ordinal);

        result = new GpioCheck(new GpioOptions(), Probes(), Account()).Run();
        Assert.True(result.Ok);
        Assert.Equal("not configured (Gpio:ButtonLine, Gpio:PirLine and Gpio:LedLine are -1); no GPIO chip on this machine (/dev/gpiochip* absent)", result.Found);
    }

    [Fact]
    public void A_distance_sensor_that_answers_passes_with_its_reading_and_one_that_does_not_fails()
    {
        var options = new DistanceOptions { Enabled = true };
        var result = new DistanceCheck(options, Probes() with { OpenI2c = _ => new FakeVl53L0x { Millimetres = 640 } }, Account()).Run();
        Assert.True(result.Ok, result.ToString());
        Assert.Matches(@"^VL53L0X at 0x29 on /dev/i2c-1 .*reads 640 mm", result.Found);

        result = new DistanceCheck(options, Probes() with { OpenI2c = _ => new FakeVl53L0x(modelId: 0x00) }, Account()).Run();
        Assert.False(result.Ok);
        Assert.StartsWith("VL53L0X at 0x29 on /dev/i2c-1: ", result.Found, StringComparison.Ordinal);
    }

    [Fact]
    public void The_disk_check_compares_free_bytes_with_the_outbox_s_room_to_grow_on_the_real_file_system()
    {
        var journal = _dir.File("var/outbox.journal");
        var result = new DiskCheck("Mqtt:Outbox:Path", journal, 1L << 20).Run();
        Assert.True(result.Ok, result.ToString());
        Assert.Matches(@"^Mqtt:Outbox:Path .+/var/outbox\.journal: \d+ MB free on its file system, 1 MB needed", result.Found);

        var free = new DriveInfo(_dir.Path).AvailableFreeSpace;
        result = new DiskCheck("Mqtt:Outbox:Path", journal, free + (1L << 30)).Run();
        Assert.False(result.Ok);
        Assert.Contains(" MB free on its file system, ", result.Found, StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_check_says_when_there_is_no_systemctl_or_no_running_systemd()
    {
        var result = new ServiceCheck(Probes() with { Systemctl = _dir.File("no-systemctl") }).Run();
        Assert.True(result.Ok);
        Assert.StartsWith("no systemctl on this machine (not a systemd system); edge.service is not installed", result.Found, StringComparison.Ordinal);

        result = new ServiceCheck(Probes() with { Systemctl = "/bin/true", SystemdRunDir = _dir.File("no-run-dir") }).Run();
        Assert.True(result.Ok);
        Assert.StartsWith("systemd is not running here", result.Found, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LoadState=loaded\nActiveState=active\nSubState=running\nUnitFileState=enabled\n", true, "edge.service active (running), enabled")]
    [InlineData("LoadState=not-found\nActiveState=inactive\nSubState=dead\nUnitFileState=\n", true, "edge.service is not installed")]
    [InlineData("LoadState=loaded\nActiveState=inactive\nSubState=dead\nUnitFileState=disabled\n", true, "edge.service inactive (dead), disabled; start it with sudo systemctl enable --now edge")]
    [InlineData("LoadState=loaded\nActiveState=failed\nSubState=failed\nUnitFileState=enabled\n", false, "edge.service failed (failed), enabled")]
    [InlineData("LoadState=loaded\nActiveState=activating\nSubState=auto-restart\nUnitFileState=enabled\n", false, "edge.service activating (auto-restart), enabled: it keeps failing")]
    public void The_service_state_from_systemctl_show_is_judged(string output, bool ok, string found)
    {
        var result = ServiceCheck.Judge("service", ServiceCheck.ParseProperties(output));
        Assert.Equal(ok, result.Ok);
        Assert.StartsWith(found, result.Found, StringComparison.Ordinal);
        Assert.Equal(ok, result.Fix is null);
    }

    [Fact]
    public async Task The_command_with_a_boards_camera_and_GPIO_below_the_native_calls_passes_those_checks()
    {
        File.WriteAllText(_dir.File("dev/video0"), "");
        var probes = Probes() with
        {
            OpenVideo = path => new FakeVideoDevice([V4l2.PixMjpeg], [(640, 480)]),
            OpenGpio = options => options.Chip == "pinctrl-bcm2711" ? new FakeGpioDriver(TimeProvider.System) : throw new IOException("wrong chip " + options.Chip),
        };
        var stdout = new StringWriter();
        var context = new EdgeRuntime.Daemon.Cli.CliContext(stdout, new StringWriter(), Repo.Root, new Dictionary<string, string?>(), doctorProbes: probes);
        var exit = await EdgeRuntime.Daemon.Cli.EdgeCli.RunAsync(["doctor", "--profile", "rpi4", "--set", "Audio:Source=none"], context, CancellationToken.None);
        var output = stdout.ToString();
        Assert.True(exit == 1, output); // the microphone: none configured
        Assert.Contains("ok   camera: /dev/video0: Fake Camera offers MJPG", output, StringComparison.Ordinal);
        Assert.Contains("ok   gpio: 'pinctrl-bcm2711' opens and ButtonLine 17, PirLine 27, LedLine 22 can be requested", output, StringComparison.Ordinal);
        Assert.Contains("FAIL microphone: no microphone configured (Audio:Source is none); no ALSA capture device on this machine", output, StringComparison.Ordinal);
        Assert.EndsWith("doctor: 1 of 9 checks failed\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_lines_are_greppable_with_the_fix_after_a_dash()
    {
        Assert.Equal("ok   gpio: not configured", DoctorReport.Line(CheckResult.Pass("gpio", "not configured")));
        Assert.Equal("FAIL broker: cannot connect to h:1 — start it", DoctorReport.Line(CheckResult.Fail("broker", "cannot connect to h:1", "start it")));
    }

    private DoctorProbes Probes() => new()
    {
        DevRoot = _dir.File("dev"),
        ProcRoot = _dir.File("proc"),
        EtcRoot = _dir.File("etc"),
        UserName = "tester",
        UnitDirs = [_dir.File("units")],
    };

    private ServiceAccount Account() => ServiceAccount.Read(_dir.File("etc"), "tester");

    private CameraCheck Camera(CameraOptions options, DoctorProbes probes) => new(options, probes, ServiceAccount.Read(probes.EtcRoot, probes.UserName));

    private static T Add<T>(List<T> list, T item)
    {
        list.Add(item);
        return item;
    }

    public void Dispose() => _dir.Dispose();
}
