// A toy aggregate for exercising the store layer without the retro domain.
import { Result, Schema } from "effect"
import { Decider } from "@retrobridge/core"

export class Opened extends Schema.TaggedClass<Opened>()("Opened", { owner: Schema.String, at: Schema.Date }) {}
export const Deposited = Schema.TaggedStruct("Deposited", { amount: Schema.Int, currency: Schema.String })
export const Withdrawn = Schema.TaggedStruct("Withdrawn", { amount: Schema.Int })
export const BankEvent = Schema.Union([Opened, Deposited, Withdrawn])
export type BankEvent = typeof BankEvent.Type

export const BankCommand = Schema.Union([
  Schema.TaggedStruct("Open", { owner: Schema.String }),
  Schema.TaggedStruct("Deposit", { amount: Schema.Int }),
  Schema.TaggedStruct("Withdraw", { amount: Schema.Int }),
  Schema.TaggedStruct("Touch", {})
])
export type BankCommand = typeof BankCommand.Type

export class NotOpen extends Schema.TaggedError<NotOpen>()("NotOpen", {}) {}
export class AlreadyOpen extends Schema.TaggedError<AlreadyOpen>()("AlreadyOpen", {}) {}
export class InsufficientFunds extends Schema.TaggedError<InsufficientFunds>()("InsufficientFunds", {
  balance: Schema.Int,
  requested: Schema.Int
}) {}
export type BankError = NotOpen | AlreadyOpen | InsufficientFunds

export interface Account {
  readonly open: boolean
  readonly balance: number
  readonly history: ReadonlyArray<number>
}

export const bank: Decider.Decider<Account, BankCommand, BankEvent, BankError> = {
  initialState: { open: false, balance: 0, history: [] },
  decide: (command, state): Result.Result<ReadonlyArray<BankEvent>, BankError> => {
    switch (command._tag) {
      case "Open":
        return state.open ? Result.fail(new AlreadyOpen()) : Result.succeed([new Opened({ owner: command.owner, at: new Date(0) })])
      case "Deposit":
        return !state.open
          ? Result.fail(new NotOpen())
          : Result.succeed([Deposited.make({ amount: command.amount, currency: "EUR" })])
      case "Withdraw":
        if (!state.open) return Result.fail(new NotOpen())
        return state.balance < command.amount
          ? Result.fail(new InsufficientFunds({ balance: state.balance, requested: command.amount }))
          : Result.succeed([Withdrawn.make({ amount: command.amount })])
      case "Touch":
        return Result.succeed([])
    }
  },
  evolve: (state, event) => {
    switch (event._tag) {
      case "Opened":
        return { ...state, open: true }
      case "Deposited":
        return { ...state, balance: state.balance + event.amount, history: [...state.history, event.amount] }
      case "Withdrawn":
        return { ...state, balance: state.balance - event.amount, history: [...state.history, -event.amount] }
    }
  }
}
