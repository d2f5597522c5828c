"""The library learns a real task: handwritten digits (scikit-learn's 8x8 set)."""
import nnbook as nb


def test_digits_mlp_reaches_95_percent_test_accuracy():
    X, y = nb.load_digits()
    X_train, X_test, y_train, y_test = nb.train_test_split(X, y, test_size=0.25, seed=0, stratify=True)
    scaler = nb.StandardScaler().fit(X_train)
    model = nb.Sequential([nb.Dense(64, activation="relu"), nb.Dense(10, activation="softmax")], seed=0)
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(scaler.transform(X_train), y_train, epochs=20, batch_size=32, verbose=0)
    loss, accuracy = model.evaluate(scaler.transform(X_test), y_test)
    assert accuracy >= 0.95, accuracy
