using FlashSale.Cli;
using Spectre.Console;

return await CliApp.Create(AnsiConsole.Console).Parse(args).InvokeAsync();
