using EdgeRuntime.Inference.Manifest;
using EdgeRuntime.ModelPrep.Pipeline;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>REPORT.md as rendered from the manifest: the summary shows each INT8 candidate's miss and what ships instead.</summary>
public sealed class ReportMarkdownTests
{
    private static ModelEntry Entry(string name, string precision, double value, double? candidate, double? pruned = null) => new()
    {
        Name = name, Task = "object-detection", Precision = precision,
        Figures = new ModelFigures
        {
            Metric = "recall", Value = value, Target = 0.95, SizeMb = 1, Parameters = 10, Flops = 2_000_000_000,
            Int8Candidate = candidate is { } c ? new CandidateFigures { Value = c, Shipped = precision == "int8", Decision = "d" } : null,
            Pruning = pruned is { } p ? new PruningFigures { FloatValue = p } : null,
        },
    };

    [Fact]
    public void The_summary_row_shows_the_int8_candidates_figure_whether_it_met_the_target_and_what_ships()
    {
        var manifest = new ModelManifest
        {
            Models =
            [
                Entry("pruned-fallback", "float32", 1.0, candidate: 0.860, pruned: 1.0),
                Entry("float-fallback", "float32", 1.0, candidate: 0.692, pruned: 0.90),
                Entry("int8-shipped", "int8", 0.979, candidate: 0.979),
                Entry("no-candidate", "float32", 1.0, candidate: null),
            ],
        };

        var lines = ReportMarkdown.Render(manifest, "test runtime").ReplaceLineEndings("\n").Split('\n');
        var header = Array.FindIndex(lines, l => l.StartsWith("| model |", StringComparison.Ordinal));

        Assert.StartsWith("| model | task | INT8 candidate | INT8 met target | ships | agreement with float | target | met |", lines[header], StringComparison.Ordinal);
        Assert.Equal(
        [
            "| pruned-fallback | object-detection | 0.860 | NO, missed | float32 pruned | 1.000 | 0.95 | yes |",
            "| float-fallback | object-detection | 0.692 | NO, missed | float32 | 1.000 | 0.95 | yes |",
            "| int8-shipped | object-detection | 0.979 | yes | int8 | 0.979 | 0.95 | yes |",
            "| no-candidate | object-detection | none built | - | float32 | 1.000 | 0.95 | yes |",
        ], lines[(header + 2)..(header + 6)].Select(l => string.Join('|', l.Split('|')[..9]) + "|"));
    }

    [Fact]
    public void The_op_profile_renders_one_column_per_model_with_minor_op_types_summed_and_a_total()
    {
        OpTimeFigure T(string model, string op, double ms, int nodes) => new() { Model = model, Threads = 2, OpType = op, Ms = ms, Nodes = nodes, Runs = 30 };
        var entry = Entry("profiled", "float32", 1.0, candidate: 0.5);
        entry.Figures!.OpProfile =
        [
            T("float32", "Conv", 10, 5), T("float32", "Cast", 0.05, 2), T("float32", "Gather", 0.02, 1),
            T("int8", "QLinearConv", 4, 5), T("int8", "ReduceMean", 6, 2), T("int8", "Cast", 0.04, 2),
        ];

        var text = ReportMarkdown.Render(new ModelManifest { Models = [entry] }, "test runtime");

        Assert.Contains("mean of 30 runs", text, StringComparison.Ordinal);
        Assert.Contains("| op type | float32 ms (nodes) | int8 ms (nodes) |", text, StringComparison.Ordinal);
        Assert.Contains("| Conv | 10.00 (5) | - |\n| ReduceMean | - | 6.00 (2) |\n| QLinearConv | - | 4.00 (5) |\n| other (2 op types) | 0.07 (3) | 0.04 (2) |\n| all kernels | 10.07 (8) | 10.04 (9) |",
            text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }
}
