using System.Globalization;
using System.Text;

namespace EdgeRuntime.Cascade.Evaluation;

/// <summary>A minimal line plot written as SVG (no dependencies): axes, ticks, one polyline per series, a legend.</summary>
public static class SvgPlot
{
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"];

    public static string Lines(string title, string xLabel, string yLabel, IReadOnlyList<(string Name, IReadOnlyList<(double X, double Y)> Points)> series)
    {
        const int w = 720, h = 420, left = 70, right = 20, top = 40, bottom = 60;
        var all = series.SelectMany(s => s.Points).ToList();
        var xMax = all.Count == 0 ? 1 : Math.Max(1e-9, all.Max(p => p.X));
        var yMax = all.Count == 0 ? 1 : Math.Max(1e-9, all.Max(p => p.Y));
        double X(double x) => left + x / xMax * (w - left - right);
        double Y(double y) => h - bottom - y / yMax * (h - top - bottom);
        var c = CultureInfo.InvariantCulture;
        var svg = new StringBuilder();
        svg.Append(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(c, $"<rect width=\"{w}\" height=\"{h}\" fill=\"white\"/>\n<text x=\"{w / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>\n");
        svg.Append(c, $"<line x1=\"{left}\" y1=\"{h - bottom}\" x2=\"{w - right}\" y2=\"{h - bottom}\" stroke=\"black\"/>\n");
        svg.Append(c, $"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{h - bottom}\" stroke=\"black\"/>\n");
        for (var i = 0; i <= 5; i++)
        {
            var xv = xMax * i / 5;
            var yv = yMax * i / 5;
            svg.Append(c, $"<text x=\"{X(xv):F1}\" y=\"{h - bottom + 16}\" text-anchor=\"middle\">{xv:G3}</text>\n");
            svg.Append(c, $"<text x=\"{left - 6}\" y=\"{Y(yv) + 4:F1}\" text-anchor=\"end\">{yv:G3}</text>\n");
            svg.Append(c, $"<line x1=\"{left}\" y1=\"{Y(yv):F1}\" x2=\"{w - right}\" y2=\"{Y(yv):F1}\" stroke=\"#eee\"/>\n");
        }
        svg.Append(c, $"<text x=\"{(left + w - right) / 2}\" y=\"{h - 20}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n");
        svg.Append(c, $"<text x=\"16\" y=\"{(top + h - bottom) / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {(top + h - bottom) / 2})\">{Escape(yLabel)}</text>\n");
        for (var s = 0; s < series.Count; s++)
        {
            var color = Colors[s % Colors.Length];
            var points = string.Join(' ', series[s].Points.Select(p => $"{X(p.X).ToString("F1", c)},{Y(p.Y).ToString("F1", c)}"));
            svg.Append(c, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.6\" points=\"{points}\"/>\n");
            svg.Append(c, $"<rect x=\"{left + 12}\" y=\"{top + 8 + 18 * s}\" width=\"14\" height=\"4\" fill=\"{color}\"/>");
            svg.Append(c, $"<text x=\"{left + 32}\" y=\"{top + 14 + 18 * s}\">{Escape(series[s].Name)}</text>\n");
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>Empirical CDF points of sorted values.</summary>
    public static IReadOnlyList<(double X, double Y)> Cdf(double[] sorted) =>
        sorted.Select((v, i) => (v, (i + 1) / (double)sorted.Length)).ToList();

    private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
