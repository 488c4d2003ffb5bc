using Microsoft.ML.Data;

namespace TuneWise.MLNet.Sample;

/// <summary>One row of <c>data/customers.csv</c>: a customer and the plan they chose.</summary>
public sealed class Customer
{
    /// <summary>Age in years.</summary>
    [LoadColumn(0)] public float Age { get; set; }
    /// <summary>Yearly income in thousands.</summary>
    [LoadColumn(1)] public float Income { get; set; }
    /// <summary>north, south, east or west.</summary>
    [LoadColumn(2)] public string Region { get; set; } = "";
    /// <summary>Months as a customer.</summary>
    [LoadColumn(3)] public float TenureMonths { get; set; }
    /// <summary>Data used per month, in GB.</summary>
    [LoadColumn(4)] public float MonthlyUsageGb { get; set; }
    /// <summary>Calls to support last year.</summary>
    [LoadColumn(5)] public float SupportCalls { get; set; }
    /// <summary>basic, standard or premium: what the model predicts.</summary>
    [LoadColumn(6)] public string Plan { get; set; } = "";
}
