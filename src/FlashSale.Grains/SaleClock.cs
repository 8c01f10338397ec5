using FlashSale.Abstractions.Sales;

namespace FlashSale.Grains;

/// <summary>
/// A sale's clock, kept as an Orleans reminder so that it outlives the grain's activation: due on time at each
/// session boundary and at settlement, and every minute as a backstop while the sale runs. Its ticks reach the
/// grain's <see cref="IRemindable.ReceiveReminder"/>.
/// </summary>
internal sealed class SaleClock(IGrainBase grain, TimeProvider clock)
{
    private const string ReminderName = "sale-clock";

    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    /// <param name="holdsPending">Whether units are held: the clock keeps going after settlement until they lapse.</param>
    public async Task ScheduleAsync(SaleDefinition sale, bool holdsPending)
    {
        var now = clock.GetUtcNow();
        if (now >= sale.SettlesBy + Period && !holdsPending)
        {
            await StopAsync();
            return;
        }
        var boundaries = sale.AllSessions.SelectMany(s => new[] { s.StartsAt, s.EndsAt }).Append(sale.SettlesBy);
        if (boundaries.Where(b => b > now).Order().FirstOrDefault() is var next && next != default && next - now < Period * 2)
        {
            // Due just after the boundary, so that Redis's clock has passed it too; then every minute as a backstop.
            await grain.RegisterOrUpdateReminder(ReminderName, next - now + TimeSpan.FromMilliseconds(100), Period);
        }
        else if (await grain.GetReminder(ReminderName) is null)
        {
            var due = next == default ? Period : TimeSpans.Clamp(next - now, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7));
            await grain.RegisterOrUpdateReminder(ReminderName, due, Period);
        }
    }

    public async Task StopAsync()
    {
        if (await grain.GetReminder(ReminderName) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
