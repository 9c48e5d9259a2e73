using Checkout.Contracts.Catalog.V1;

namespace Checkout.Catalog;

/// <summary>How a wanted quantity compares with what a warehouse has.</summary>
public static class StockRules
{
    public static StockStatus Classify(bool sold, int wanted, int available) =>
        !sold ? StockStatus.NotSold
        : available <= 0 ? StockStatus.OutOfStock
        : wanted > available ? StockStatus.Insufficient
        : StockStatus.Available;
}
