using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace FlashSale.Cli;

/// <summary><c>flashsale fcodes …</c>: what ops do with F-codes, through the engine's HTTP API.</summary>
public static class FcodesCommand
{
    /// <summary>Codes asked for per request when issuing: keeps answers small and the progress bar moving.</summary>
    public const int IssueChunk = 10_000;

    private static readonly Option<string> Api = new("--api")
    {
        Description = "The engine's base address (or FLASHSALE_API).",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FLASHSALE_API") ?? "http://127.0.0.1:5080",
    };

    private static readonly Option<string?> Token = new("--token")
    {
        Description = "Bearer token (or FLASHSALE_TOKEN); by default an ops token minted with the signing key.",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FLASHSALE_TOKEN"),
    };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("fcodes", "Issue, show, list, transfer and revoke F-codes.") { Api, Token };
        command.Subcommands.Add(Issue(console));
        command.Subcommands.Add(Show(console));
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Change(console, "transfer", "Give a code to another shopper (its owner, or ops).", withRecipient: true));
        command.Subcommands.Add(Change(console, "revoke", "Revoke a code (ops).", withRecipient: false));
        command.Subcommands.Add(Release(console));
        return command;
    }

    private static Command Issue(IAnsiConsole console)
    {
        var sale = new Option<string>("--sale") { Description = "The sale id.", Required = true };
        var count = new Option<int?>("--count") { Description = "How many codes (without --owners)." };
        var owners = new Option<FileInfo?>("--owners") { Description = "A file of shopper ids, one a line: one code each." };
        var expires = new Option<DateTimeOffset?>("--expires") { Description = "When the codes expire (ISO 8601)." };
        var output = new Option<FileInfo>("--out") { Description = "The CSV file to write (code,owner_id,expires_at).", Required = true };
        var command = new Command("issue", "Issue codes for a sale and write them to a CSV file.") { sale, count, owners, expires, output };
        command.SetAction((parsed, _) => RunAsync(console, parsed, async client =>
        {
            var ownerIds = parsed.GetValue(owners) is { } file ? (await File.ReadAllLinesAsync(file.FullName)).Where(l => l.Length > 0).ToArray() : null;
            var total = ownerIds?.Length ?? parsed.GetValue(count) ?? throw new ArgumentException("Give --count or --owners.");
            var issued = 0;
            await using var csv = new StreamWriter(parsed.GetValue(output)!.FullName);
            await csv.WriteLineAsync("code,owner_id,expires_at");
            await console.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask($"Issuing {total:N0} codes", maxValue: total);
                while (issued < total)
                {
                    var n = Math.Min(IssueChunk, total - issued);
                    var answer = await client.PostAsync($"/api/v1/sales/{parsed.GetValue(sale)}/fcodes", new
                    {
                        count = n,
                        ownerIds = ownerIds?[issued..(issued + n)],
                        expiresAt = parsed.GetValue(expires),
                    });
                    foreach (var c in answer.GetProperty("codes").EnumerateArray())
                    {
                        await csv.WriteLineAsync(string.Join(',', Csv(Text(c, "code")), Csv(Text(c, "ownerId")), Csv(Text(c, "expiresAt"))));
                    }
                    issued += n;
                    task.Increment(n);
                }
            });
            console.MarkupLineInterpolated($"[green]Issued {issued:N0} codes[/] to {parsed.GetValue(output)!.FullName}");
        }));
        return command;
    }

    private static Command Show(IAnsiConsole console)
    {
        var code = new Argument<string>("code") { Description = "The F-code, as typed." };
        var command = new Command("show", "Show a code's state and history.") { code };
        command.SetAction((parsed, _) => RunAsync(console, parsed, async client =>
        {
            var c = await client.GetAsync($"/api/v1/fcodes/{Uri.EscapeDataString(parsed.GetValue(code)!)}");
            console.Write(new Table().AddColumns("code", "sale", "owner", "state", "expires", "order")
                .AddRow(Text(c, "code"), Text(c, "saleId"), Text(c, "ownerId"), Text(c, "state"), Text(c, "expiresAt"), Text(c, "orderId")));
            var history = new Table().Title("history").AddColumns("at", "event", "by", "from", "to", "order");
            foreach (var h in c.GetProperty("history").EnumerateArray())
            {
                history.AddRow(Text(h, "at"), Text(h, "kind"), Text(h, "actor"), Text(h, "fromOwner"), Text(h, "toOwner"), Text(h, "orderId"));
            }
            console.Write(history);
        }));
        return command;
    }

    private static Command List(IAnsiConsole console)
    {
        var owner = new Option<string>("--owner") { Description = "The shopper whose codes to list.", Required = true };
        var command = new Command("list", "List a shopper's codes.") { owner };
        command.SetAction((parsed, _) => RunAsync(console, parsed, async client =>
        {
            var codes = await client.GetAsync($"/api/v1/fcodes?ownerId={Uri.EscapeDataString(parsed.GetValue(owner)!)}");
            var table = new Table().AddColumns("code", "sale", "state", "expires", "order");
            foreach (var c in codes.EnumerateArray())
            {
                table.AddRow(Text(c, "code"), Text(c, "saleId"), Text(c, "state"), Text(c, "expiresAt"), Text(c, "orderId"));
            }
            console.Write(table);
        }));
        return command;
    }

    private static Command Change(IAnsiConsole console, string name, string description, bool withRecipient)
    {
        var code = new Argument<string>("code") { Description = "The F-code, as typed." };
        var to = new Option<string>("--to") { Description = "The shopper who receives the code.", Required = true };
        var command = new Command(name, description) { code };
        if (withRecipient)
        {
            command.Options.Add(to);
        }
        command.SetAction((parsed, _) => RunAsync(console, parsed, async client =>
        {
            var c = await client.PostAsync($"/api/v1/fcodes/{Uri.EscapeDataString(parsed.GetValue(code)!)}/{name}",
                withRecipient ? new { toShopperId = parsed.GetValue(to) } : new { });
            console.MarkupLineInterpolated($"[green]{Text(c, "code")}[/]: {Text(c, "state")}, owner {Text(c, "ownerId")}");
        }));
        return command;
    }

    private static Command Release(IAnsiConsole console)
    {
        var sale = new Option<string>("--sale") { Description = "The sale id.", Required = true };
        var command = new Command("release", "Move a sale's unredeemed F-code stock into its general pool.") { sale };
        command.SetAction((parsed, _) => RunAsync(console, parsed, async client =>
        {
            var answer = await client.PostAsync($"/api/v1/sales/{parsed.GetValue(sale)}/fcode-stock/release", new { });
            console.MarkupLineInterpolated($"[green]Moved {answer.GetProperty("moved").GetInt32():N0} units[/] into the general pool.");
        }));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, ParseResult parsed, Func<ApiClient, Task> action)
    {
        if (!Uri.TryCreate(parsed.GetValue(Api), UriKind.Absolute, out var api))
        {
            console.MarkupLineInterpolated($"[red]error[/]: --api must be an absolute address such as http://127.0.0.1:5080");
            return 1;
        }
        using var client = new ApiClient(api, parsed.GetValue(Token));
        try
        {
            await action(client);
            return 0;
        }
        catch (ApiProblemException e)
        {
            console.MarkupLineInterpolated($"[red]{e.Status} {e.Code}[/]: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or ArgumentException or IOException)
        {
            console.MarkupLineInterpolated($"[red]error[/]: {e.Message}");
            return 1;
        }
    }

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "";

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
