using Microsoft.ML;

namespace TuneWise.MLNet.Tests;

/// <summary>Small tables with separate feature columns, as a CSV read by ML.NET gives them.</summary>
internal static class SyntheticData
{
    public sealed class ColourRow
    {
        public float A { get; set; }
        public float B { get; set; }
        public float C { get; set; }
        public float D { get; set; }
        public string Colour { get; set; } = "";
    }

    public sealed class BinaryRow
    {
        public float A { get; set; }
        public float B { get; set; }
        public float C { get; set; }
        public bool Label { get; set; }
    }

    public sealed class PriceRow
    {
        public float Rooms { get; set; }
        public float Area { get; set; }
        public float Age { get; set; }
        public float Price { get; set; }
    }

    /// <summary>Three colour classes as Gaussian blobs in 4-D, features on scales from 0.1 to 100.</summary>
    public static IDataView Colours(MLContext ml, int count, int seed)
    {
        var random = new Random(seed);
        string[] names = ["red", "green", "blue"];
        var rows = Enumerable.Range(0, count).Select(i =>
        {
            int c = i % 3;
            return new ColourRow
            {
                A = (float)(c * 2 + Normal(random)) * 100,
                B = (float)((c == 1 ? 3 : 0) + Normal(random)) * 0.1f,
                C = (float)Normal(random),
                D = (float)((c == 2 ? -2 : 1) + Normal(random)),
                Colour = names[c],
            };
        }).ToList();
        return ml.Data.LoadFromEnumerable(rows);
    }

    /// <summary>Label = A + 2B − C &gt; 0, with a little noise.</summary>
    public static IDataView Binary(MLContext ml, int count, int seed)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, count).Select(_ =>
        {
            var (a, b, c) = (Normal(random), Normal(random), Normal(random));
            return new BinaryRow { A = (float)a, B = (float)b, C = (float)c, Label = a + 2 * b - c + 0.1 * Normal(random) > 0 };
        }).ToList();
        return ml.Data.LoadFromEnumerable(rows);
    }

    /// <summary>Prices around 50 (unnormalised): 50 + 6·rooms' + 0.1·area' − age'²/40 + noise.</summary>
    public static IDataView Prices(MLContext ml, int count, int seed)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, count).Select(_ =>
        {
            double rooms = 1 + random.Next(6), area = 40 + 100 * random.NextDouble(), age = 60 * random.NextDouble();
            double price = 50 + 6 * (rooms - 3.5) + 0.1 * (area - 90) - (age - 30) * (age - 30) / 40 + 0.5 * Normal(random);
            return new PriceRow { Rooms = (float)rooms, Area = (float)area, Age = (float)age, Price = (float)price };
        }).ToList();
        return ml.Data.LoadFromEnumerable(rows);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
