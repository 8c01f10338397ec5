using System.CommandLine;
using Spectre.Console;

namespace FlashSale.Cli;

/// <summary>The <c>flashsale</c> command tree; tests run it in-process against a real engine.</summary>
public static class CliApp
{
    public static RootCommand Create(IAnsiConsole console) =>
        new("FlashSale operations.") { TokenCommand.Create(), FcodesCommand.Create(console) };
}
