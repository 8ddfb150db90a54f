using EdgeRuntime.Inference.Agreement;
using EdgeRuntime.ModelPrep.Data;
using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;
using EdgeRuntime.ModelPrep.Reference;
using EdgeRuntime.ModelPrep.Validation;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>The VAD agreement metric, If inlining on a synthetic nested graph, and the generated calibration audio.</summary>
public sealed class VadTests : IDisposable
{
    private readonly TempDir _dir = Repo.TempDir("modelprep-vad");
    private readonly OrtInference _ort = new();

    [Fact]
    public void Vad_agreement_is_the_share_of_frames_whose_speech_decisions_at_one_half_match()
    {
        // Decisions: float N S S N S N, candidate N N S S S N -> frames 0, 2, 4, 5 agree.
        float[] reference = [0.1f, 0.5f, 0.9f, 0.49f, 0.7f, 0f];
        float[] candidate = [0.2f, 0.49f, 0.95f, 0.51f, 0.5f, 0.3f];

        var a = VadAgreement.Of(reference, candidate);

        Assert.Equal(4.0 / 6.0, a.Agreement, 12);
        Assert.Equal((6, 4, 3, 3), (a.Frames, a.Equal, a.FloatSpeech, a.CandidateSpeech));
        Assert.Equal(1.0, VadAgreement.Of(reference, reference).Agreement);
        Assert.Throws<ArgumentException>(() => VadAgreement.Of(reference, candidate[..5]));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 0)]
    [InlineData(0, 1)]
    public void Inlining_nested_ifs_leaves_no_if_and_computes_the_same_outputs_for_the_input_it_was_made_for(long a, long b)
    {
        var model = NestedIfs();
        IReadOnlyList<NamedTensor> input =
        [
            new NamedTensor("x", [2, 3], [-1.5f, -0.5f, 0f, 0.5f, 1f, 2.5f]), NamedTensor.Int64("a", [1], [a]), NamedTensor.Int64("b", [1], [b]),
        ];
        var original = Path.Combine(_dir.Path, $"nested-{a}{b}.onnx");
        OnnxFile.Save(model, original);

        var flat = IfInliner.Inline(_ort, model, input, Path.Combine(_dir.Path, $"scratch-{a}{b}"));
        var flatPath = Path.Combine(_dir.Path, $"flat-{a}{b}.onnx");
        OnnxFile.Save(flat, flatPath);

        Assert.DoesNotContain(flat.Graph.Node, n => n.OpType == "If");
        var expected = _ort.Run(original, 1, input).Outputs.Single();
        var actual = _ort.Run(flatPath, 1, input).Outputs.Single();
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(expected.Data, actual.Data);
        // The three paths differ, so equality above means the right branch was taken at both levels.
        Assert.Equal(a == 0 ? -1.5f * -1 : b == 1 ? -1.5f * 2 + -1.5f : -1.5f + 2 + -1.5f, actual.Data[0]);
    }

    [Fact]
    public void The_calibration_audio_renders_to_the_same_bytes_twice_and_the_held_out_set_shares_no_sentence_with_it()
    {
        var first = VadAudio.Render(VadAudio.Calibration, Path.Combine(_dir.Path, "render1"));
        var second = VadAudio.Render(VadAudio.Calibration, Path.Combine(_dir.Path, "render2"));

        Assert.Equal(first, second);
        // Several voices, sentences, noise kinds, silence and noise-only stretches; at least half a minute of 16 kHz audio.
        Assert.True(first.Length / 2 > 30 * VadAudio.SampleRate, $"{first.Length / 2} samples");
        foreach (var set in new[] { VadAudio.Calibration, VadAudio.Validation })
        {
            Assert.True(set.Clips.Where(c => c.Text is not null).Select(c => c.Voice).Distinct().Count() >= 4, set.Name);
            Assert.Contains(set.Clips, c => c.Text is null && c.Noise == "none");
            Assert.Contains(set.Clips, c => c.Text is null && c.Noise != "none");
            Assert.Equal(["brown", "none", "pink", "white"], set.Clips.Select(c => c.Noise).Distinct().Order());
        }
        var calibration = VadAudio.Calibration.Clips.Select(c => c.Text).OfType<string>().ToHashSet();
        Assert.DoesNotContain(VadAudio.Validation.Clips.Select(c => c.Text).OfType<string>(), calibration.Contains);
    }

    /// <summary>
    /// y = a == 1 ? (b == 1 ? x * 2 : x + 2) + x : -x, with the inner If inside the outer then-branch and the constant 2
    /// an initializer of the innermost branches (inlining must carry branch initializers up).
    /// </summary>
    private static ModelProto NestedIfs()
    {
        static AttributeProto Branch(string name, GraphProto g) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Graph, G = g };
        static GraphProto Graph(string name, string output, params NodeProto[] nodes)
        {
            var g = new GraphProto { Name = name };
            g.Node.AddRange(nodes);
            g.Output.Add(new ValueInfoProto { Name = output });
            return g;
        }

        var times = Graph("times_two", "inner_then", Nodes.Make("Mul", "times", ["x", "two_a"], ["inner_then"]));
        times.Initializer.Add(Tensors.Float("two_a", [], [2f]));
        var plus = Graph("plus_two", "inner_else", Nodes.Make("Add", "plus", ["x", "two_b"], ["inner_else"]));
        plus.Initializer.Add(Tensors.Float("two_b", [], [2f]));
        var inner = Nodes.Make("If", "inner", ["cb"], ["inner_y"]);
        inner.Attribute.Add(Branch("then_branch", times));
        inner.Attribute.Add(Branch("else_branch", plus));
        var outerThen = Graph("outer_then", "then_y", Nodes.Make("Equal", "is_b", ["b", "one"], ["cb"]), inner, Nodes.Make("Add", "residual", ["inner_y", "x"], ["then_y"]));
        var outerElse = Graph("outer_else", "else_y", Nodes.Make("Neg", "negate", ["x"], ["else_y"]));

        var g = new GraphProto { Name = "nested" };
        g.Input.Add(Nodes.TensorInfo("x", ElementType.Float, [2, 3]));
        g.Input.Add(Nodes.TensorInfo("a", ElementType.Int64, [1]));
        g.Input.Add(Nodes.TensorInfo("b", ElementType.Int64, [1]));
        g.Initializer.Add(Tensors.Int64("one", [1], [1L]));
        g.Node.Add(Nodes.Make("Equal", "is_a", ["a", "one"], ["ca"]));
        var outer = Nodes.Make("If", "outer", ["ca"], ["y"]);
        outer.Attribute.Add(Branch("then_branch", outerThen));
        outer.Attribute.Add(Branch("else_branch", outerElse));
        g.Node.Add(outer);
        g.Output.Add(new ValueInfoProto { Name = "y" });
        var model = new ModelProto { IrVersion = 8, Graph = g, ProducerName = "test" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model;
    }

    public void Dispose()
    {
        _ort.Dispose();
        _dir.Dispose();
    }
}
