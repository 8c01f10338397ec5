using System.Globalization;
using System.Net;
using System.Text;

namespace FlashSale.LoadTests.Reporting;

/// <summary>A line of a chart: its name, colour and (x, y) points.</summary>
public sealed record Series(string Name, string Color, IReadOnlyList<(double X, double Y)> Points);

/// <summary>Small inline SVG line charts, so a report is one self-contained file with no script and no download.</summary>
public static class SvgChart
{
    private const int Width = 860, Height = 280, Left = 70, Right = 20, Top = 50, Bottom = 40;

    private static readonly int[] NiceSteps = [1, 2, 5, 10];

    public static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    public static string Lines(string title, string yLabel, IReadOnlyList<Series> series)
    {
        var points = series.SelectMany(s => s.Points).ToArray();
        var c = CultureInfo.InvariantCulture;
        var svg = new StringBuilder();
        svg.Append(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Encode(title)}\">");
        svg.Append(c, $"<text x=\"{Left}\" y=\"18\" font-weight=\"bold\">{Encode(title)}</text>");
        if (points.Length == 0)
        {
            return svg.Append(c, $"<text x=\"{Left}\" y=\"{Height / 2}\">no data</text></svg>").ToString();
        }
        var (xMax, yMax) = (Math.Max(points.Max(p => p.X), 1), Nice(points.Max(p => p.Y)));
        double X(double x) => Left + x / xMax * (Width - Left - Right);
        double Y(double y) => Height - Bottom - y / yMax * (Height - Top - Bottom);
        for (var i = 0; i <= 4; i++)
        {
            var y = yMax * i / 4;
            svg.Append(c, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(y):F1}\" y2=\"{Y(y):F1}\" stroke=\"#ddd\"/>");
            svg.Append(c, $"<text x=\"{Left - 6}\" y=\"{Y(y) + 4:F1}\" text-anchor=\"end\" font-size=\"11\">{y:#,0.##}</text>");
        }
        for (var i = 0; i <= 5; i++)
        {
            var x = xMax * i / 5;
            svg.Append(c, $"<text x=\"{X(x):F1}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\" font-size=\"11\">{x:0.#} s</text>");
        }
        svg.Append(c, $"<text x=\"14\" y=\"{Height / 2}\" transform=\"rotate(-90 14 {Height / 2})\" text-anchor=\"middle\" font-size=\"11\">{Encode(yLabel)}</text>");
        // The legend has a row of its own under the title.
        var legendX = Left;
        foreach (var s in series)
        {
            var ordered = s.Points.OrderBy(p => p.X).ToArray();
            var path = string.Join(' ', ordered.Select(p => string.Create(c, $"{X(p.X):F1},{Y(p.Y):F1}")));
            svg.Append(c, $"<polyline fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2\" points=\"{path}\"/>");
            if (ordered.Length < 3)
            {
                // A line needs two points; a series of one or two shows as dots too.
                foreach (var p in ordered)
                {
                    svg.Append(c, $"<circle cx=\"{X(p.X):F1}\" cy=\"{Y(p.Y):F1}\" r=\"3\" fill=\"{s.Color}\"/>");
                }
            }
            svg.Append(c, $"<rect x=\"{legendX}\" y=\"28\" width=\"10\" height=\"10\" fill=\"{s.Color}\"/><text x=\"{legendX + 14}\" y=\"37\" font-size=\"12\">{Encode(s.Name)}</text>");
            legendX += 24 + 7 * s.Name.Length;
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="value"/>: round gridlines.</summary>
    private static double Nice(double value)
    {
        if (value <= 0)
        {
            return 1;
        }
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return NiceSteps.Select(m => m * power).First(v => v >= value);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
