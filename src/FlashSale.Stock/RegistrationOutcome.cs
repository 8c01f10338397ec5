namespace FlashSale.Stock;

public enum RegistrationOutcome
{
    Registered,
    AlreadyRegistered,

    /// <summary>The sale lets anyone buy; there is nothing to register for.</summary>
    NotRequired,

    /// <summary>The sale has opened: registration is over.</summary>
    Closed,
    UnknownSale,
}
