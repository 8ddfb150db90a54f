using EdgeRuntime.Daemon.Configuration;

namespace EdgeRuntime.Daemon.Doctor;

/// <summary>
/// <c>edge doctor</c>'s checks for one configuration, in the order a person at a new board would mend things: the
/// sensors, the broker, the models and the runtime, the disk, the service.
/// </summary>
internal static class DoctorChecks
{
    /// <summary>The checks for <paramref name="options"/>, probing through <paramref name="probes"/>.</summary>
    public static IReadOnlyList<IDoctorCheck> For(EdgeOptions options, DoctorProbes probes)
    {
        var account = ServiceAccount.Read(probes.EtcRoot, probes.UserName);
        return
        [
            new CameraCheck(options.Camera, probes, account),
            new MicrophoneCheck(options.Audio, probes, account),
            new GpioCheck(options.Gpio, probes, account),
            new DistanceCheck(options.Distance, probes, account),
            new BrokerCheck(options.Mqtt, options.Jsonl, probes.BrokerTimeout),
            new ModelsCheck(options.Models, options.Home),
            new ProvidersCheck(options.Onnx),
            DiskCheck.For(options.Mqtt, options.Jsonl),
            new ServiceCheck(probes),
        ];
    }
}
