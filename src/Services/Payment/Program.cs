using Checkout.Payment;

await PaymentApp.Build(args).RunAsync();
