using EdgeRuntime.Inference.Models;

namespace EdgeRuntime.Inference.Tests.Models;

/// <summary>Outputs are preallocated from the contract when their shape follows from it, and learned otherwise.</summary>
public sealed class OutputBindingTests(OrtFixture fixture) : IClassFixture<OrtFixture>
{
    [Fact]
    public void A_fixed_output_shape_is_preallocated_before_the_first_run()
    {
        using var model = fixture.Runtime.Load(TinyOnnx.Unary("Relu", 2, 3), "relu-fixed");
        using var runner = model.CreateRunner();
        ((ReadOnlySpan<float>)[-1, 2, -3, 4, -5, 6]).CopyTo(runner.Input<float>(0));
        runner.Run();
        Assert.Equal([0f, 2, 0, 4, 0, 6], runner.Output<float>(0).ToArray());
        Assert.Equal([2L, 3], runner.OutputShape(0).ToArray());
    }

    [Fact]
    public void A_symbolic_output_axis_follows_the_input_axis_of_the_same_name()
    {
        using var model = fixture.Runtime.Load(TinyOnnx.Unary("Neg", "batch", 4), "neg-batch");
        Assert.Equal("batch", model.Contract.Outputs[0].SymbolicDimensions[0]);
        using var runner = model.CreateRunner();
        var previous = -1;
        foreach (var batch in new[] { 2, 3, 3, 1, 1, 3 })
        {
            var data = Enumerable.Range(0, batch * 4).Select(i => (float)(i + batch)).ToArray();
            var rebinds = runner.Rebinds;
            runner.SetInput<float>(0, data, [batch, 4]);
            runner.Run();
            // A new batch size re-binds the input and the output once each; the same size again re-binds nothing.
            Assert.Equal(batch == previous ? rebinds : rebinds + 2, runner.Rebinds);
            Assert.Equal(data.Select(v => -v), runner.Output<float>(0).ToArray());
            Assert.Equal([batch, 4L], runner.OutputShape(0).ToArray());
            previous = batch;
        }
    }

    [Fact]
    public void An_unnamed_dynamic_output_axis_is_learned_on_the_first_run_and_bound_from_then_on()
    {
        // Input axis "n", output axis "m": the runner cannot derive the output's size, so ONNX Runtime allocates it once.
        using var other = fixture.Runtime.Load(RenamedOutputAxis(), "neg-renamed");
        using var learned = other.CreateRunner();
        learned.SetInput<float>(0, [1, 2, 3, 4], [2, 2]);
        learned.Run();
        var afterFirst = learned.Rebinds;
        Assert.Equal([-1f, -2, -3, -4], learned.Output<float>(0).ToArray());
        learned.Input<float>(0).Fill(5);
        learned.Run();
        Assert.Equal(afterFirst, learned.Rebinds);
        Assert.Equal([-5f, -5, -5, -5], learned.Output<float>(0).ToArray());
    }

    [Fact]
    public void An_output_whose_shape_varies_with_the_data_is_detected_and_then_copied_every_run()
    {
        // NonZero: the output's second axis is the number of non-zero inputs, known only after the run.
        using var model = fixture.Runtime.Load(TinyOnnx.Node("NonZero", TinyOnnx.Float, [6], TinyOnnx.Int64, [1, "count"]), "nonzero");
        using var runner = model.CreateRunner();
        float[][] inputs = [[0, 1, 0, 2, 0, 3], [0, 1, 0, 2, 0, 3], [5, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 7]];
        foreach (var input in inputs)
        {
            input.CopyTo(runner.Input<float>(0));
            runner.Run();
            var expected = input.Select((v, i) => (v, i)).Where(p => p.v != 0).Select(p => (long)p.i).ToArray();
            Assert.Equal(expected, runner.Output<long>(0).ToArray());
            Assert.Equal([1L, expected.Length], runner.OutputShape(0).ToArray());
        }
        Assert.Contains(fixture.Logs.Entries, e => e.Message.Contains("Model nonzero: output shapes vary with the data", StringComparison.Ordinal));
    }

    [Fact]
    public void Terminate_stops_the_run_with_a_named_error_and_the_next_run_proceeds()
    {
        using var model = fixture.Runtime.Load(TinyOnnx.Unary("Relu", 1, 4), "relu-stop");
        using var runner = model.CreateRunner();
        ((ReadOnlySpan<float>)[-1, 1, -2, 2]).CopyTo(runner.Input<float>(0));
        runner.Terminate();
        var e = Assert.Throws<OrtModelException>(runner.Run);
        Assert.Equal("relu-stop", e.Model);
        Assert.Contains("stopped by Terminate()", e.Given, StringComparison.Ordinal);
        runner.Run();
        Assert.Equal([0f, 1, 0, 2], runner.Output<float>(0).ToArray());
    }

    /// <summary>Input axis named "n", output axis named "m": same size at run time, but nothing links them in the contract.</summary>
    private static byte[] RenamedOutputAxis()
    {
        var bytes = TinyOnnx.Unary("Neg", "n", 2);
        // The output's value info is the last "n" dim_param in the file; rename it in place (same length).
        var i = Array.LastIndexOf(bytes, (byte)'n');
        bytes[i] = (byte)'m';
        return bytes;
    }
}
