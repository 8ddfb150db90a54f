using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Models;
using EdgeRuntime.Daemon.Configuration;
using EdgeRuntime.Inference.Runtime;
using EdgeRuntime.Inference.Models;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Daemon.Hosting;

/// <summary>
/// The ONNX Runtime environment and the cascade's models, loaded by <c>edge run</c> before anything starts: a missing,
/// corrupt or mismatched model is a configuration error (exit 2) naming the key and the file, with no event published and
/// no sensor opened, and systemd is told READY only once they are loaded. Disposes both.
/// </summary>
internal sealed class PipelineModels : IDisposable
{
    private readonly OrtRuntime _runtime;
    private readonly LoadedModels _loaded;

    private PipelineModels(OrtRuntime runtime, LoadedModels loaded)
    {
        _runtime = runtime;
        _loaded = loaded;
    }

    /// <summary>The detectors for the cascade.</summary>
    public CascadeModels Models => _loaded.Models;

    /// <summary>
    /// Loads the models when the configured pipeline has a cascade (<see cref="PipelineComposition.HasCascade"/>); null
    /// otherwise. A model that cannot be loaded is a <see cref="Cli.BadInputException"/> naming its key and file.
    /// </summary>
    public static PipelineModels? LoadIfNeeded(EdgeOptions options, ILoggerFactory loggerFactory)
    {
        if (!PipelineComposition.HasCascade(options))
        {
            return null;
        }
        var runtime = new OrtRuntime(options.Onnx, loggerFactory);
        try
        {
            return new PipelineModels(runtime, LoadedModels.Load(runtime, options.Models, options.Home));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or OrtModelException)
        {
            runtime.Dispose();
            throw new Cli.BadInputException(e.Message, e);
        }
        catch
        {
            runtime.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _loaded.Dispose();
        _runtime.Dispose();
    }
}
