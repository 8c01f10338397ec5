using System.CommandLine;
using FlashSale.Cli;

var root = new RootCommand("FlashSale operations.") { TokenCommand.Create() };
return root.Parse(args).Invoke();
