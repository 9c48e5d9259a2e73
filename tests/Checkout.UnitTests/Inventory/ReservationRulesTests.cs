using Checkout.Inventory;

namespace Checkout.UnitTests.Inventory;

public sealed class ReservationRulesTests
{
    private static readonly DateTimeOffset Now = new(2024, 8, 10, 14, 30, 0, TimeSpan.Zero);

    private static StockRecord Stock(int onHand, params StockHold[] holds) => new("SKU-1", "US-WEST-01", onHand, holds);

    [Fact]
    public void A_hold_takes_available_stock_for_fifteen_minutes()
    {
        var held = ReservationRules.Hold(Stock(5), "R-1", 3, Now)!;
        Assert.Equal(2, held.Available(Now));
        Assert.Equal(Now + TimeSpan.FromMinutes(15), Assert.Single(held.Holds).ExpiresAt);
        Assert.Equal(5, held.Available(Now.AddMinutes(15)));
    }

    [Fact]
    public void A_hold_beyond_what_is_available_is_refused()
    {
        var record = Stock(5, new StockHold("R-0", 4, Now.AddMinutes(5)));
        Assert.Null(ReservationRules.Hold(record, "R-1", 2, Now));
        Assert.NotNull(ReservationRules.Hold(record, "R-1", 1, Now));
    }

    [Fact]
    public void Confirming_turns_the_hold_into_a_decrement()
    {
        var held = ReservationRules.Hold(Stock(5), "R-1", 3, Now)!;
        var confirmed = ReservationRules.Confirm(held, "R-1", 3, Now.AddMinutes(1))!;
        Assert.Equal(2, confirmed.OnHand);
        Assert.Empty(confirmed.Holds);
        Assert.Equal(2, confirmed.Available(Now));
    }

    [Fact]
    public void An_expired_hold_is_confirmed_only_while_the_stock_is_still_there()
    {
        var held = ReservationRules.Hold(Stock(3), "R-1", 3, Now)!;
        var later = Now.AddMinutes(20);
        Assert.Equal(0, ReservationRules.Confirm(held, "R-1", 3, later)!.OnHand);

        var takenByOthers = ReservationRules.Hold(held, "R-2", 2, later)!;
        Assert.Null(ReservationRules.Confirm(takenByOthers, "R-1", 3, later));
    }

    [Fact]
    public void Releasing_gives_the_stock_back_and_drops_expired_holds()
    {
        var record = Stock(5, new StockHold("R-1", 2, Now.AddMinutes(10)), new StockHold("R-old", 3, Now.AddMinutes(-1)));
        var released = ReservationRules.Release(record, "R-1", Now);
        Assert.Empty(released.Holds);
        Assert.Equal(5, released.Available(Now));
    }

    [Fact]
    public void Confirming_one_of_several_holds_uses_its_own_hold_even_when_no_stock_is_free()
    {
        var record = Stock(5, new StockHold("R-1", 3, Now.AddMinutes(5)), new StockHold("R-2", 2, Now.AddMinutes(5)));

        var confirmed = ReservationRules.Confirm(record, "R-1", 3, Now)!;

        Assert.Equal(2, confirmed.OnHand);
        Assert.Equal("R-2", Assert.Single(confirmed.Holds).ReservationId);
    }

    [Fact]
    public void A_reservation_with_no_live_hold_left_on_a_record_with_none_is_not_confirmed_beyond_the_stock()
    {
        Assert.Null(ReservationRules.Confirm(Stock(1), "R-1", 3, Now));
        Assert.Null(ReservationRules.Confirm(Stock(1, new StockHold("R-1", 3, Now.AddMinutes(-1))), "R-1", 3, Now));
    }

    [Fact]
    public void A_hold_ends_at_its_expiry_to_the_tick()
    {
        var record = Stock(5, new StockHold("R-0", 4, Now));
        var held = ReservationRules.Hold(record, "R-1", 5, Now)!;
        Assert.Equal("R-1", Assert.Single(held.Holds).ReservationId);
        Assert.Equal(5, record.Available(Now));
    }

    [Fact]
    public void Stock_and_reservations_are_kept_under_their_own_keys()
    {
        Assert.Equal("stock:US-WEST-01:SKU-1", StockRecord.Key("US-WEST-01", "SKU-1"));
        Assert.Equal("reservation:R-1", Reservation.Key("R-1"));
    }
}
